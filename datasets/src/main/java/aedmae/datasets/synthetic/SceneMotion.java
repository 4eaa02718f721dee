package aedmae.datasets.synthetic;

import aedmae.datasets.frames.FrameStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the normal objects of a scene move and how big they are, measured on its training videos
 * at model resolution, so that synthetic anomalies can be made relative to them (a cyclist on a
 * walkway moves 2-4 times faster than its walkers; a constant speed fits one scene only).
 * <ol>
 *   <li>in each video, {@value #PAIRS} frame pairs (s, s + {@value #GAP}) spread over it;</li>
 *   <li>the moving objects of both frames ({@link ForegroundObjects#find});</li>
 *   <li>objects matched as mutual nearest neighbours (box centres), at most
 *       {@value #MAX_STEP} frame widths per frame apart and of similar area (ratio below 2);</li>
 *   <li>speed = centre displacement / {@value #GAP}; height = box height in frame s.</li>
 * </ol>
 * Speeds are in pixels per frame and heights in pixels, both at the store's resolution.
 *
 * @param objects  matched objects measured (0 when the scene shows no trackable motion)
 * @param speedP50 median object speed
 * @param speedP90 90th percentile of speed
 * @param speedP95 95th percentile of speed (the unit of synthetic speeds)
 * @param speedP99 99th percentile of speed
 * @param heightP10 10th percentile of object height
 * @param heightP50 median object height
 * @param heightP90 90th percentile of object height
 */
public record SceneMotion(int objects, double speedP50, double speedP90, double speedP95, double speedP99,
                          double heightP10, double heightP50, double heightP90) {
    static final int PAIRS = 24, GAP = 4;
    static final double MAX_STEP = 0.05;
    /** Fewer matched objects than this and the measurement is not trusted ({@link #usable()}). */
    public static final int MIN_OBJECTS = 10;

    /** Measures the videos of a store (deterministic: fixed frame positions). */
    public static SceneMotion measure(FrameStore store, ForegroundObjects objects) {
        List<Double> speeds = new ArrayList<>(), heights = new ArrayList<>();
        double maxDist = MAX_STEP * store.width() * GAP;
        for (int v = 0; v < store.videoCount(); v++) {
            int n = store.frameCount(v);
            if (n <= GAP) continue;
            int pairs = Math.min(PAIRS, n - GAP);
            for (int i = 0; i < pairs; i++) {
                int s = (int) ((long) i * (n - GAP) / pairs);
                List<ForegroundObjects.Blob> a = objects.find(v, s), b = objects.find(v, s + GAP);
                for (int j = 0; j < a.size(); j++) {
                    int k = nearest(a.get(j), b);
                    if (k < 0 || nearest(b.get(k), a) != j) continue; // mutual nearest neighbours only
                    ForegroundObjects.Blob p = a.get(j), q = b.get(k);
                    double d = Math.hypot(q.centreX() - p.centreX(), q.centreY() - p.centreY());
                    double ratio = (double) Math.max(p.area(), q.area()) / Math.min(p.area(), q.area());
                    if (d > maxDist || ratio > 2) continue;
                    speeds.add(d / GAP);
                    heights.add((double) p.height());
                }
            }
        }
        double[] sp = speeds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] hs = heights.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new SceneMotion(sp.length, percentile(sp, 50), percentile(sp, 90), percentile(sp, 95), percentile(sp, 99),
                percentile(hs, 10), percentile(hs, 50), percentile(hs, 90));
    }

    /** Whether enough objects were matched for the figures to mean something. */
    public boolean usable() {
        return objects >= MIN_OBJECTS && speedP95 > 0;
    }

    private static int nearest(ForegroundObjects.Blob o, List<ForegroundObjects.Blob> others) {
        int best = -1;
        double bd = Double.POSITIVE_INFINITY;
        for (int i = 0; i < others.size(); i++) {
            double d = Math.hypot(others.get(i).centreX() - o.centreX(), others.get(i).centreY() - o.centreY());
            if (d < bd) {
                bd = d;
                best = i;
            }
        }
        return best;
    }

    /** Linear-interpolated percentile of sorted values (0 for none). */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return 0;
        double pos = q / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d objects tracked; speed px/frame p50 %.2f, p90 %.2f, p95 %.2f, p99 %.2f; height px p10 %.0f, p50 %.0f, p90 %.0f",
                objects, speedP50, speedP90, speedP95, speedP99, heightP10, heightP50, heightP90);
    }

    @Override
    public String toString() {
        return describe();
    }
}
