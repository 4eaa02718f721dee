package aedmae.cluster;

/**
 * The live pipeline as a scorer node sees it: a set of cameras that can change at run time. It
 * decodes and scores; the node decides which cameras it holds.
 */
public interface CameraHost {

    /**
     * Starts decoding and scoring a camera. Returns at once; scores arrive on {@code scores}, one
     * call per scored frame, in frame order, on whatever thread the host scores on.
     *
     * @param cameraId the camera's id (the record key in the {@code cameras} topic)
     * @param configJson the camera's config (the record value), as the single-node config file has it
     */
    void open(String cameraId, String configJson, FrameScoreListener scores);

    /**
     * Stops a camera. When this returns, no further score for it will be delivered. Unknown ids are
     * ignored.
     */
    void close(String cameraId);
}
