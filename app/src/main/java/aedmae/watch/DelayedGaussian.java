package aedmae.watch;

import aedmae.eval.GaussianSmoothing1d;

/**
 * The offline temporal Gaussian made live: frame t is smoothed over frames t−R … t+D, where R is
 * the Gaussian's radius and D ≤ R the look-ahead, the weights renormalised over the frames used.
 * Frame t's smoothed score is ready once frame t+D has arrived, so the filter costs D frames of
 * latency; D = 0 is a causal (one-sided) filter, D = R the offline filter (away from the video's ends).
 *
 * <p>Scores go in with {@link #push}; the returned value is the smoothed score of frame
 * (pushed − 1 − D), or NaN while fewer than D + 1 frames were pushed. {@link #drain} returns the
 * last D at the stream's end. Memory: R + D + 1 scores.
 */
public final class DelayedGaussian {
    private final double[] kernel;
    private final int radius, delay;
    private final double[] ring;
    private long pushed, emitted;

    /**
     * @param temporal the offline filter (its σ and radius)
     * @param delay    look-ahead D in frames, clamped to [0, R]
     */
    public DelayedGaussian(GaussianSmoothing1d temporal, int delay) {
        if (delay < 0) throw new IllegalArgumentException("look-ahead must be >= 0 frames, got " + delay);
        this.kernel = temporal.kernel();
        this.radius = temporal.radius();
        this.delay = Math.min(delay, radius);
        this.ring = new double[radius + this.delay + 1];
    }

    /** Look-ahead D in frames (after clamping to the radius). */
    public int delay() {
        return delay;
    }

    /** Adds the next raw score; returns the smoothed score of frame pushed − 1 − D, or NaN. */
    public double push(double raw) {
        ring[(int) (pushed % ring.length)] = raw;
        pushed++;
        return pushed - 1 - delay >= 0 ? emit(pushed - 1) : Double.NaN;
    }

    /** The smoothed scores of the frames still held back, at the stream's end. */
    public double[] drain() {
        double[] out = new double[(int) (pushed - emitted)];
        for (int i = 0; i < out.length; i++) out[i] = emit(pushed - 1);
        return out;
    }

    private double emit(long last) {
        long t = emitted++;
        double sum = 0, weight = 0;
        for (int k = -radius; k <= delay; k++) {
            long s = t + k;
            if (s < 0 || s > last || s < pushed - ring.length) continue;
            double w = kernel[k + radius];
            sum += w * ring[(int) (s % ring.length)];
            weight += w;
        }
        return sum / weight;
    }
}
