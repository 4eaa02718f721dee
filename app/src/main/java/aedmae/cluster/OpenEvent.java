package aedmae.cluster;

/**
 * The state of a camera's open event: what a node that takes the camera over needs to continue the
 * event rather than report a second one. Kept in the compacted {@link ClusterTopics#OPEN_EVENTS}
 * topic under the camera id.
 *
 * @param camera the camera id
 * @param startMs frame time of the event's first frame; with the camera, the event's identity
 * @param startScore the score of that frame
 * @param peak the highest score so far
 * @param peakMs frame time of the peak
 * @param lastMs frame time of the last frame scored in the event
 * @param lastScore the score of that frame
 * @param node the node that wrote this state
 */
public record OpenEvent(String camera, long startMs, double startScore, double peak, long peakMs, long lastMs,
        double lastScore, String node) {

    /** The first frame of an event. */
    static OpenEvent start(String camera, long frameTimeMs, double score, String node) {
        return new OpenEvent(camera, frameTimeMs, score, score, frameTimeMs, frameTimeMs, score, node);
    }

    /** This event after one more frame, scored on {@code node}. */
    OpenEvent next(long frameTimeMs, double score, String node) {
        boolean newPeak = score > peak;
        return new OpenEvent(camera, startMs, startScore, newPeak ? score : peak, newPeak ? frameTimeMs : peakMs,
                frameTimeMs, score, node);
    }

    /** The same state, now held by {@code node}. */
    OpenEvent heldBy(String node) {
        return new OpenEvent(camera, startMs, startScore, peak, peakMs, lastMs, lastScore, node);
    }

    /** The event's id, the same on every node: {@code camera@startMs}. */
    public String id() {
        return camera + "@" + startMs;
    }

    public String toJson() {
        return ClusterJson.write(this);
    }

    public static OpenEvent fromJson(String json) {
        return ClusterJson.read(json, OpenEvent.class);
    }
}
