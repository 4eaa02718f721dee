package aedmae.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How far a micro AUC would move with other events: a stratified block bootstrap.
 *
 * <p>The frames of one event are not independent draws (a 40-frame event is one event, not 40), so
 * the unit of resampling is a <em>segment</em>: a maximal run of frames with one label in one video.
 * Each resample draws as many abnormal segments and as many normal segments as the videos hold, with
 * replacement, pools their frames and computes the micro AUC. Two settings scored on the same frames
 * can be compared on the same resamples ({@link #shareAbove}), which says whether a validation can
 * tell them apart.
 *
 * <p>Dimension letters as in the package: T frames of a video.
 */
public final class EventBootstrap {
    /** Resamples used by the selection's summary. */
    public static final int RESAMPLES = 1000;

    private EventBootstrap() {}

    /**
     * A central interval of the resampled micro AUCs.
     *
     * @param low              the (1 - level) / 2 quantile
     * @param high             the (1 + level) / 2 quantile
     * @param level            e.g. 0.9
     * @param abnormalSegments runs of abnormal frames (events) resampled
     * @param normalSegments   runs of normal frames resampled
     */
    public record Interval(double low, double high, double level, int abnormalSegments, int normalSegments) {}

    /** A run of frames [start, end) of one video, all with one label. */
    private record Segment(int video, int start, int end, int label) {}

    /**
     * The interval of the micro AUC over the videos' final scores.
     *
     * @param videos    the videos (scores and labels [T] each); both labels must occur
     * @param resamples how many resamples (at least 10)
     * @param seed      fixes the resamples: the same seed gives the same interval
     * @param level     the interval's coverage, in (0, 1)
     */
    public static Interval microInterval(List<VideoScores> videos, int resamples, long seed, double level) {
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("interval level must be in (0, 1), got " + level);
        List<Segment>[] byLabel = segments(videos);
        double[] aucs = resampledAucs(List.of(videos), byLabel, resamples, seed)[0];
        Arrays.sort(aucs);
        return new Interval(quantile(aucs, (1 - level) / 2), quantile(aucs, (1 + level) / 2), level, byLabel[1].size(), byLabel[0].size());
    }

    /**
     * The share of resamples in which b's micro AUC is strictly above a's, both computed on the same
     * resampled segments. a and b must hold the same videos with the same labels (two scorings of one
     * validation). About 0.5: the validation cannot tell them apart; near 0: a is reliably better.
     */
    public static double shareAbove(List<VideoScores> a, List<VideoScores> b, int resamples, long seed) {
        if (a.size() != b.size()) throw new IllegalArgumentException("the two scorings hold " + a.size() + " and " + b.size() + " videos");
        for (int v = 0; v < a.size(); v++)
            if (!Arrays.equals(a.get(v).labels(), b.get(v).labels()))
                throw new IllegalArgumentException("video " + a.get(v).name() + ": the two scorings have different labels");
        double[][] aucs = resampledAucs(List.of(a, b), segments(a), resamples, seed);
        int above = 0;
        for (int r = 0; r < resamples; r++) if (aucs[1][r] > aucs[0][r]) above++;
        return (double) above / resamples;
    }

    /** [label][i]: the videos' runs of equal labels, normal ones at 0, abnormal ones at 1. */
    @SuppressWarnings("unchecked")
    private static List<Segment>[] segments(List<VideoScores> videos) {
        List<Segment>[] out = new List[]{new ArrayList<Segment>(), new ArrayList<Segment>()};
        for (int v = 0; v < videos.size(); v++) {
            int[] y = videos.get(v).labels();
            for (int start = 0; start < y.length; ) {
                int end = start;
                while (end < y.length && y[end] == y[start]) end++;
                if (y[start] != 0 && y[start] != 1) throw new IllegalArgumentException("video " + videos.get(v).name() + ": label " + y[start] + " is not 0 or 1");
                out[y[start]].add(new Segment(v, start, end, y[start]));
                start = end;
            }
        }
        if (out[0].isEmpty() || out[1].isEmpty()) throw new IllegalArgumentException("a bootstrap of the AUC needs normal and abnormal frames");
        return out;
    }

    /** [scoring][r]: the micro AUC of each scoring on resample r (the same segments for every scoring). */
    private static double[][] resampledAucs(List<List<VideoScores>> scorings, List<Segment>[] byLabel, int resamples, long seed) {
        if (resamples < 10) throw new IllegalArgumentException("a bootstrap needs at least 10 resamples, got " + resamples);
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] aucs = new double[scorings.size()][resamples];
        List<Segment> drawn = new ArrayList<>();
        for (int r = 0; r < resamples; r++) {
            drawn.clear();
            int frames = 0;
            for (List<Segment> pool : byLabel)
                for (int i = 0; i < pool.size(); i++) {
                    Segment s = pool.get(rng.nextInt(pool.size()));
                    drawn.add(s);
                    frames += s.end() - s.start();
                }
            int[] labels = new int[frames];
            double[] scores = new double[frames];
            for (int k = 0; k < scorings.size(); k++) {
                int at = 0;
                for (Segment s : drawn) {
                    int n = s.end() - s.start();
                    System.arraycopy(scorings.get(k).get(s.video()).scores(), s.start(), scores, at, n);
                    Arrays.fill(labels, at, at + n, s.label());
                    at += n;
                }
                aucs[k][r] = RocAuc.auc(scores, labels);
            }
        }
        return aucs;
    }

    /** Linear interpolation between order statistics of sorted values. */
    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }
}
