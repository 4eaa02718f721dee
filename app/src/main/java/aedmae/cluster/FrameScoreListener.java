package aedmae.cluster;

/** Receives a camera's frame scores as they are computed. */
@FunctionalInterface
public interface FrameScoreListener {

    /**
     * @param frameTimeMs when the frame was captured (epoch milliseconds)
     * @param score the frame's anomaly score; higher is more abnormal
     */
    void onFrame(long frameTimeMs, double score);
}
