package aedmae.watch;

import aedmae.eval.ScoringConfig;
import aedmae.eval.StreamingVolumeSmoother;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One camera's live scoring pipeline, from Eq. 6 maps to frame scores: the region mask, the
 * offline 3-D map filter ({@link StreamingVolumeSmoother}, which already looks ahead only its
 * temporal radius r), the frame reduction (max), and the temporal Gaussian with a bounded
 * look-ahead D ({@link DelayedGaussian}). A frame's score is final r + D frames after its map,
 * and its map needed frame t+3 in the model input: {@link #latencyFrames()} = 3 + r + D.
 *
 * <p>Not thread-safe: called from the scoring thread only.
 */
public final class CausalScorer {
    /** A scored frame: its final score and smoothed map [H, W] (the smoother's, copied). */
    public record Scored(LiveFrame frame, double score, float[] map) {}

    private final ScoringConfig config;
    private final int plane, mapRadius;
    private final byte[] mask;
    private final int height, width, delay;
    private StreamingVolumeSmoother smoother;
    private DelayedGaussian temporal;
    private final ArrayDeque<LiveFrame> waitingForMap = new ArrayDeque<>();
    private final ArrayDeque<Scored> waitingForScore = new ArrayDeque<>();
    private final Consumer<Scored> sink;
    private final float[] masked;

    /**
     * @param config    the offline scoring config (weights, 3-D filter, reduction, temporal Gaussian)
     * @param delay     look-ahead D of the temporal filter, frames
     * @param height    H of the maps
     * @param width     W of the maps
     * @param mask      [H, W], nonzero where anomalies count, or null
     * @param sink      receives each frame's final score, in order
     */
    public CausalScorer(ScoringConfig config, int delay, int height, int width, byte[] mask, Consumer<Scored> sink) {
        this.config = config;
        this.plane = height * width;
        this.mask = mask;
        this.sink = sink;
        this.masked = new float[plane];
        this.height = height;
        this.width = width;
        this.delay = delay;
        this.mapRadius = config.mapSmoothing().kernelT().length / 2;
        restart();
    }

    /** Frames between a frame's arrival and its final score: 3 (model input) + r + D. */
    public int latencyFrames() {
        return FrameWindow.OFFSET + mapRadius + temporal.delay();
    }

    private void restart() {
        smoother = new StreamingVolumeSmoother(config.mapSmoothing(), height, width, this::smoothed);
        temporal = new DelayedGaussian(config.temporal(), delay);
    }

    /** Adds frame t's Eq. 6 map [H, W] (not kept); the last frame of a stream flushes the frames held back. */
    public void accept(LiveFrame frame, float[] map) {
        waitingForMap.addLast(frame);
        if (mask != null) {
            for (int i = 0; i < plane; i++) masked[i] = mask[i] != 0 ? map[i] : 0f;
            smoother.push(masked);
        } else {
            smoother.push(map);
        }
        if (frame.endOfStream()) finish();
    }

    /** The stream ended: scores the frames still held back; the next frame starts a new stream. */
    public void finish() {
        smoother.finish();
        double[] rest = temporal.drain();
        for (double s : rest) emit(s);
        restart();
    }

    private void smoothed(int t, float[] map) {
        LiveFrame f = waitingForMap.pollFirst();
        double raw = config.reduction().reduce(map, 0, plane);
        waitingForScore.addLast(new Scored(f, raw, map.clone()));
        double s = temporal.push(raw);
        if (!Double.isNaN(s)) emit(s);
    }

    private void emit(double score) {
        Scored r = waitingForScore.pollFirst();
        sink.accept(new Scored(r.frame(), score, r.map()));
    }
}
