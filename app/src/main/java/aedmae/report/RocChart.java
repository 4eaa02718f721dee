package aedmae.report;

import aedmae.eval.RocCurve;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The ROC curve of a test set as a PNG: the micro curve with its AUC in the legend, per-video curves faint. */
public final class RocChart {
    private RocChart() {}

    /**
     * Writes the ROC chart.
     *
     * @param file     the PNG to write
     * @param title    chart title
     * @param micro    the micro (all frames) ROC curve
     * @param microAuc its AUC, shown in the legend as a percentage
     * @param perVideo per-video curves drawn faint (video name → curve; curves with NaN rates are skipped); may be empty
     * @param width    image width in pixels
     * @param height   image height in pixels
     */
    public static void write(Path file, String title, RocCurve micro, double microAuc,
                             Map<String, RocCurve> perVideo, int width, int height) throws IOException {
        Headless.ensure();
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("false-positive rate").yAxisTitle("true-positive rate").build();
        ChartPng.plainStyle(chart);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineColor(Color.GRAY);
        chance.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        chance.setShowInLegend(false);
        boolean first = true;
        for (Map.Entry<String, RocCurve> e : perVideo.entrySet()) {
            RocCurve c = e.getValue();
            if (hasNaN(c)) continue;
            XYSeries s = chart.addSeries("video " + e.getKey(), c.fpr(), c.tpr());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(120, 120, 200, 90));
            s.setLineWidth(1f);
            s.setShowInLegend(first);
            if (first) s.setLabel("per video");
            first = false;
        }
        XYSeries m = chart.addSeries(String.format(java.util.Locale.ROOT, "micro, AUC %.2f%%", 100 * microAuc), micro.fpr(), micro.tpr());
        m.setMarker(SeriesMarkers.NONE);
        m.setLineColor(new Color(200, 30, 30));
        m.setLineWidth(2.5f);
        ChartPng.write(chart, file);
    }

    /** {@link #write} with no per-video curves, 640×640 pixels. */
    public static void write(Path file, String title, RocCurve micro, double microAuc) throws IOException {
        write(file, title, micro, microAuc, Map.of(), 640, 640);
    }

    private static boolean hasNaN(RocCurve c) {
        for (double[] a : List.of(c.fpr(), c.tpr())) {
            for (double v : a) if (Double.isNaN(v)) return true;
        }
        return false;
    }
}
