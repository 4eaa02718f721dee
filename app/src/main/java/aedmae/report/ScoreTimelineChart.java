package aedmae.report;

import aedmae.eval.FrameScores;
import aedmae.eval.MinMaxNormalisation;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Score versus frame for one video, with the abnormal ground-truth frames shaded (as the paper's
 * Fig. 4): the final (smoothed) score in blue, the raw score faint grey, abnormal ranges as
 * translucent red rectangles spanning the plot's height. When the final scores lie in [0, 1] and
 * the raw ones do not (per-video normalisation), the raw curve is min–max scaled for display and
 * its legend says so.
 */
public final class ScoreTimelineChart {
    private ScoreTimelineChart() {}

    /** Translucent red of the ground-truth shading. */
    static final Color ABNORMAL_FILL = new Color(230, 40, 40, 55);

    /**
     * Writes the chart.
     *
     * @param file   the PNG to write
     * @param title  chart title (e.g. {@code "video 04, AUC 99.1%"})
     * @param scores the video's scores; labels, when present, are shaded
     * @param width  image width in pixels
     * @param height image height in pixels
     */
    public static void write(Path file, String title, FrameScores scores, int width, int height) throws IOException {
        Headless.ensure();
        int t = scores.frames();
        if (t == 0) throw new IllegalArgumentException("video " + scores.name() + " has no frames to plot");
        double[] frames = new double[t];
        for (int i = 0; i < t; i++) frames[i] = i;
        // With per-video normalisation the final scores lie in [0, 1] and the raw ones need not:
        // the raw curve is then min-max scaled for display, so both share one axis.
        double[] raw = scores.raw();
        String rawName = "raw score";
        boolean smoothedInUnit = min(scores.smoothed()) >= 0 && max(scores.smoothed()) <= 1;
        if (smoothedInUnit && (min(raw) < 0 || max(raw) > 1)) {
            raw = MinMaxNormalisation.apply(raw);
            rawName = "raw score (min-max scaled for display)";
        }
        double lo = Math.min(0, Math.min(min(raw), min(scores.smoothed())));
        double hi = Math.max(max(raw), max(scores.smoothed()));
        if (!(hi > lo)) hi = lo + 1;
        double top = hi + 0.05 * (hi - lo);

        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("frame").yAxisTitle("anomaly score").build();
        ChartPng.plainStyle(chart);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisMin(-0.5).setXAxisMax(t - 0.5).setYAxisMin(lo).setYAxisMax(top);

        if (scores.labels() != null) {
            List<int[]> ranges = abnormalRanges(scores.labels());
            for (int k = 0; k < ranges.size(); k++) {
                double a = ranges.get(k)[0] - 0.5, b = ranges.get(k)[1] + 0.5;
                XYSeries s = chart.addSeries(k == 0 ? "abnormal (ground truth)" : "abnormal range " + (k + 1),
                        new double[] {a, a, b, b}, new double[] {lo, top, top, lo});
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                s.setMarker(SeriesMarkers.NONE);
                s.setFillColor(ABNORMAL_FILL);
                s.setLineColor(new Color(0, 0, 0, 0));
                s.setShowInLegend(k == 0);
            }
        }
        XYSeries rawSeries = chart.addSeries(rawName, frames, raw);
        rawSeries.setMarker(SeriesMarkers.NONE);
        rawSeries.setLineColor(new Color(130, 130, 130, 150));
        rawSeries.setLineWidth(1f);
        XYSeries smooth = chart.addSeries("smoothed score", frames, scores.smoothed());
        smooth.setMarker(SeriesMarkers.NONE);
        smooth.setLineColor(new Color(20, 80, 200));
        smooth.setLineWidth(2f);
        ChartPng.write(chart, file);
    }

    /** {@link #write} at 900×360 pixels. */
    public static void write(Path file, String title, FrameScores scores) throws IOException {
        write(file, title, scores, 900, 360);
    }

    /** Inclusive 0-based [first, last] ranges of consecutive abnormal frames. */
    public static List<int[]> abnormalRanges(int[] labels) {
        List<int[]> ranges = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= labels.length; i++) {
            boolean abnormal = i < labels.length && labels[i] == 1;
            if (abnormal && start < 0) start = i;
            if (!abnormal && start >= 0) {
                ranges.add(new int[] {start, i - 1});
                start = -1;
            }
        }
        return ranges;
    }

    private static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a) m = Math.min(m, v);
        return m;
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) m = Math.max(m, v);
        return m;
    }
}
