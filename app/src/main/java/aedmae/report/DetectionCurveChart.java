package aedmae.report;

import aedmae.localization.DetectionCurve;
import aedmae.localization.LocalizationSummary;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The RBDC and TBDC curves (detection rate versus false positives per frame, up to 1) as a PNG. */
public final class DetectionCurveChart {
    private DetectionCurveChart() {}

    public static void write(Path file, String title, DetectionCurve curve, LocalizationSummary s) throws IOException {
        Headless.ensure();
        XYChart chart = new XYChartBuilder().width(640).height(480).title(title)
                .xAxisTitle("false-positive regions per frame").yAxisTitle("detection rate").build();
        ChartPng.plainStyle(chart);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        int n = curve.lastAtOrBelow(1.0) + 1;
        double[] x = Arrays.copyOf(curve.fpr(), n + 1);
        x[n] = 1.0; // held flat to 1, as the area is computed
        add(chart, String.format(Locale.ROOT, "regions (RBDC %.2f%%)", 100 * s.rbdc()), x, held(curve.rbdr(), n), new Color(200, 30, 30));
        add(chart, String.format(Locale.ROOT, "tracks (TBDC %.2f%%)", 100 * s.tbdc()), x, held(curve.tbdr(), n), new Color(30, 90, 200));
        ChartPng.write(chart, file);
    }

    private static double[] held(double[] y, int n) {
        double[] out = Arrays.copyOf(y, n + 1);
        out[n] = y[n - 1];
        for (int i = 0; i < out.length; i++) if (Double.isNaN(out[i])) out[i] = 0;
        return out;
    }

    private static void add(XYChart chart, String name, double[] x, double[] y, Color c) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(c);
        s.setLineWidth(2f);
    }
}
