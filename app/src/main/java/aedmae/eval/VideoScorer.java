package aedmae.eval;

import java.util.Arrays;

/**
 * Scores one video from its pixel-level anomaly maps, streaming: maps go in frame by frame, the
 * 3-D filter keeps only a few frames (see {@link StreamingVolumeSmoother}), each smoothed map is
 * reduced to a frame score at once, and {@link #finish} applies the temporal Gaussian and the
 * normalisation. The result does not depend on anything but the maps and the config (deterministic).
 *
 * <pre>
 *   VideoScorer scorer = new VideoScorer(h, w, config);
 *   for each frame t: PixelAnomalyMap.compute(x, teacher, student, yHat, 3, h, w, config.weights(), map);
 *                     scorer.accept(map);
 *   FrameScores scores = scorer.finish("01", labels);
 * </pre>
 */
public final class VideoScorer {
    private final ScoringConfig config;
    private final int plane;
    private final StreamingVolumeSmoother smoother;
    private double[] raw = new double[256];
    private int count;
    private java.util.function.ObjIntConsumer<float[]> smoothedMapListener;

    /**
     * @param height H of every map
     * @param width  W of every map
     * @param config the scoring pipeline
     */
    public VideoScorer(int height, int width, ScoringConfig config) {
        this.config = config;
        this.plane = height * width;
        this.smoother = new StreamingVolumeSmoother(config.mapSmoothing(), height, width, this::reduce);
    }

    /**
     * Also hands every 3-D-smoothed map {@code [H, W]} (the one reduced to the frame score), with its
     * frame index, to the listener, in frame order; the array is reused afterwards (read, do not keep).
     */
    public VideoScorer onSmoothedMap(java.util.function.ObjIntConsumer<float[]> listener) {
        this.smoothedMapListener = listener;
        return this;
    }

    /** Adds the next frame's anomaly map {@code [H, W]}; not modified. */
    public void accept(float[] map) {
        smoother.push(map);
    }

    /**
     * Ends the video: returns its raw frame scores (reduced 3-D-smoothed maps) and its final scores
     * (temporal Gaussian, then normalisation).
     *
     * @param name   the video's name
     * @param labels {@code [T]} ground truth, or null
     */
    public FrameScores finish(String name, int[] labels) {
        smoother.finish();
        double[] r = Arrays.copyOf(raw, count);
        return smoothFrameScores(name, r, labels, config);
    }

    /**
     * The frame-score half of the pipeline, for frame scores computed elsewhere (e.g. on the GPU):
     * temporal Gaussian then normalisation. {@code raw} is not modified (kept as the raw column).
     */
    public static FrameScores smoothFrameScores(String name, double[] raw, int[] labels, ScoringConfig config) {
        if (labels != null && labels.length != raw.length) {
            throw new IllegalArgumentException("video " + name + ": " + raw.length + " frames scored but "
                    + labels.length + " labels");
        }
        double[] smoothed = config.normalisation().apply(config.temporal().apply(raw));
        return new FrameScores(name, raw, smoothed, labels);
    }

    private void reduce(int t, float[] map) {
        if (t != count) throw new IllegalStateException("frame " + t + " arrived out of order, expected " + count);
        if (count == raw.length) raw = Arrays.copyOf(raw, raw.length * 2);
        raw[count++] = config.reduction().reduce(map, 0, plane);
        if (smoothedMapListener != null) smoothedMapListener.accept(map, t);
    }
}
