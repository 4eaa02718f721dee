package aedmae.report;

import aedmae.eval.VideoScores;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Histograms of the scores of normal and of abnormal frames over a test set, each normalised to
 * a density (area 1) so that the two classes compare despite their different sizes.
 */
public final class ScoreHistogramChart {
    private ScoreHistogramChart() {}

    /**
     * Writes the chart.
     *
     * @param file   the PNG to write
     * @param title  chart title
     * @param videos the test videos (scores with labels)
     * @param bins   number of equal-width bins over the scores' range
     * @param width  image width in pixels
     * @param height image height in pixels
     */
    public static void write(Path file, String title, List<VideoScores> videos, int bins, int width, int height) throws IOException {
        Headless.ensure();
        if (bins < 1) throw new IllegalArgumentException("histogram needs at least one bin, got " + bins);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (VideoScores v : videos) {
            for (double s : v.scores()) {
                lo = Math.min(lo, s);
                hi = Math.max(hi, s);
            }
        }
        if (lo > hi) throw new IllegalArgumentException("histogram of no scores");
        if (!(hi > lo)) hi = lo + 1;
        double binWidth = (hi - lo) / bins;
        double[][] counts = new double[2][bins];
        long[] totals = new long[2];
        for (VideoScores v : videos) {
            for (int i = 0; i < v.frames(); i++) {
                int b = (int) Math.min(bins - 1, Math.floor((v.scores()[i] - lo) / binWidth));
                counts[v.labels()[i]][b]++;
                totals[v.labels()[i]]++;
            }
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("anomaly score").yAxisTitle("density").build();
        ChartPng.plainStyle(chart);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("0.###");
        String[] names = {"normal frames", "abnormal frames"};
        Color[] colours = {new Color(40, 110, 220, 90), new Color(230, 40, 40, 90)};
        for (int c = 0; c < 2; c++) {
            if (totals[c] == 0) continue;
            // Outline of the bars as one polygon: (e0,0) (e0,h0) (e1,h0) (e1,h1) ... (eB,h_{B-1}) (eB,0).
            double[] x = new double[2 * bins + 2];
            double[] y = new double[2 * bins + 2];
            x[0] = lo;
            for (int b = 0; b < bins; b++) {
                double h = counts[c][b] / (totals[c] * binWidth);
                x[2 * b + 1] = lo + b * binWidth;
                y[2 * b + 1] = h;
                x[2 * b + 2] = lo + (b + 1) * binWidth;
                y[2 * b + 2] = h;
            }
            x[2 * bins + 1] = hi;
            XYSeries s = chart.addSeries(names[c] + " (" + totals[c] + ")", x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            s.setMarker(SeriesMarkers.NONE);
            s.setFillColor(colours[c]);
            s.setLineColor(colours[c].darker());
        }
        ChartPng.write(chart, file);
    }
}
