package aedmae.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The selection on validation as a picture: for each checkpoint (x), the best validation micro AUC
 * of each way of reading the model (a line per token source, say), the chosen setting as a star,
 * and the interval its AUC could have fallen in with other events (a vertical bar). Lines that
 * cross inside the bar are choices the validation cannot make firmly.
 */
public final class SelectionChart {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(148, 103, 189), new Color(255, 127, 14), new Color(140, 86, 75)};

    private SelectionChart() {}

    /**
     * Writes the chart.
     *
     * @param file        the PNG to write
     * @param title       chart title
     * @param checkpoints the x axis, in order ("student 1", ...)
     * @param series      line name → its best validation micro AUC (in [0, 1]) per checkpoint, NaN where none
     * @param chosen      the chosen setting's checkpoint index
     * @param chosenAuc   its validation micro AUC
     * @param low         the low end of its interval
     * @param high        the high end of its interval
     */
    public static void write(Path file, String title, List<String> checkpoints, Map<String, double[]> series, int chosen,
                             double chosenAuc, double low, double high) throws IOException {
        if (checkpoints.isEmpty() || series.isEmpty()) throw new IllegalArgumentException("selection chart: nothing to draw");
        if (chosen < 0 || chosen >= checkpoints.size()) throw new IllegalArgumentException("selection chart: chosen checkpoint " + chosen + " out of range");
        Headless.ensure();
        XYChart chart = new XYChartBuilder().width(900).height(420).title(title)
                .xAxisTitle("checkpoint (" + String.join(", ", checkpoints) + ")").yAxisTitle("validation micro AUC, %").build();
        ChartPng.plainStyle(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setXAxisDecimalPattern("0").setYAxisDecimalPattern("0.0");
        double[] x = new double[checkpoints.size()];
        for (int i = 0; i < x.length; i++) x[i] = i + 1;
        int k = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getValue().length != x.length)
                throw new IllegalArgumentException("selection chart: " + e.getKey() + " has " + e.getValue().length + " values for " + x.length + " checkpoints");
            double[] y = new double[x.length];
            for (int i = 0; i < y.length; i++) y[i] = 100 * e.getValue()[i];
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(PALETTE[k % PALETTE.length]);
            s.setMarkerColor(PALETTE[k % PALETTE.length]);
            s.setLineWidth(1.8f);
            k++;
        }
        XYSeries bar = chart.addSeries(String.format(Locale.ROOT, "interval of the choice, %.1f-%.1f %%", 100 * low, 100 * high),
                new double[]{chosen + 1, chosen + 1}, new double[]{100 * low, 100 * high});
        bar.setMarker(SeriesMarkers.NONE);
        bar.setLineColor(Color.DARK_GRAY);
        bar.setMarkerColor(Color.DARK_GRAY);
        bar.setLineStyle(new BasicStroke(2.5f));
        XYSeries star = chart.addSeries(String.format(Locale.ROOT, "chosen, %.2f %%", 100 * chosenAuc),
                new double[]{chosen + 1}, new double[]{100 * chosenAuc});
        star.setMarker(SeriesMarkers.DIAMOND);
        star.setMarkerColor(Color.BLACK);
        star.setLineColor(Color.BLACK);
        ChartPng.write(chart, file);
    }
}
