package aedmae.cluster;

/**
 * Folds one camera's frame scores into {@link ScoreWindow}s of a fixed length of frame time. Not
 * thread-safe; one per camera.
 */
final class ScoreDownsampler {

    private final String camera;
    private final String node;
    private final long windowMs;
    private long fromMs;
    private long toMs;
    private int frames;
    private double max;
    private double sum;

    ScoreDownsampler(String camera, String node, long windowMs) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException("score window must be positive: " + windowMs + " ms");
        }
        this.camera = camera;
        this.node = node;
        this.windowMs = windowMs;
    }

    /** Adds a frame; returns the finished window when this frame falls outside it, else null. */
    ScoreWindow add(long frameTimeMs, double score) {
        ScoreWindow done = null;
        if (frames > 0 && frameTimeMs - fromMs >= windowMs) {
            done = flush();
        }
        if (frames == 0) {
            fromMs = frameTimeMs;
            max = Double.NEGATIVE_INFINITY;
            sum = 0;
        }
        toMs = frameTimeMs;
        frames++;
        max = Math.max(max, score);
        sum += score;
        return done;
    }

    /** The window so far, or null when it is empty; starts a new one. */
    ScoreWindow flush() {
        if (frames == 0) {
            return null;
        }
        ScoreWindow w = new ScoreWindow(camera, fromMs, toMs, frames, max, sum / frames, node);
        frames = 0;
        return w;
    }
}
