package aedmae.cluster;

import java.io.IOException;

import aedmae.watch.AnomalyEvent;

/**
 * The live pipeline as a scorer node sees it: a set of cameras that can change at run time. It
 * decodes, scores and detects events (sending them to the node's {@link ScorerNode#eventSink()});
 * the node decides which cameras it holds.
 */
public interface CameraHost {

    /**
     * Starts decoding and scoring a camera. Returns at once.
     *
     * @param cameraId the camera's id (the record key in the {@code cameras} topic)
     * @param configJson the camera's config (the record value): one camera entry of the watch config
     *     file ({@code aedmae.watch.WatchConfig.Camera})
     * @param openEvent the start message of an event another node left open on this camera, with its
     *     peak so far, to be continued rather than started again; null when there is none
     * @param scores receives each scored frame, in frame order, on whatever thread the host scores on
     */
    void open(String cameraId, String configJson, AnomalyEvent openEvent, FrameScoreListener scores) throws IOException;

    /**
     * Stops a camera; its detector ends an open event (which the node drops when the camera moves to
     * another node). When this returns, no further score for it will be delivered. Unknown ids are
     * ignored.
     */
    void close(String cameraId);
}
