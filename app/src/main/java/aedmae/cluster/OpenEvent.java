package aedmae.cluster;

import aedmae.watch.AnomalyEvent;

/**
 * The state of a camera's open event: what a node that takes the camera over needs to continue the
 * event rather than report a second one. Kept in the compacted {@link ClusterTopics#OPEN_EVENTS}
 * topic under the camera id, and deleted (a tombstone) when the event ends.
 *
 * @param camera the camera id
 * @param start the event's start message, as it was sent
 * @param peak the highest score of the event so far
 * @param lastMs when this state was written (epoch milliseconds)
 * @param node the node that wrote it
 */
public record OpenEvent(String camera, AnomalyEvent start, double peak, long lastMs, String node) {

    /** The start message with the peak so far: what the detector that continues the event needs. */
    public AnomalyEvent resumeFrom() {
        AnomalyEvent s = start;
        return new AnomalyEvent(s.id(), s.phase(), s.camera(), s.time(), s.frame(), s.score(), peak, s.threshold(), s.box(),
                s.startFrame(), s.endFrame(), s.snapshot(), s.clip());
    }

    /** The end message of an event that nobody continued: at its last known time, with the peak so far. */
    AnomalyEvent endedUnseen() {
        AnomalyEvent s = start;
        return new AnomalyEvent(s.id(), "end", s.camera(), java.time.Instant.ofEpochMilli(lastMs).toString(), s.frame(),
                s.score(), peak, s.threshold(), s.box(), s.startFrame(), s.frame(), null, null);
    }

    OpenEvent withPeak(double p, long nowMs, String byNode) {
        return new OpenEvent(camera, start, Math.max(peak, p), nowMs, byNode);
    }

    public String toJson() {
        return ClusterJson.write(this);
    }

    public static OpenEvent fromJson(String json) {
        return ClusterJson.read(json, OpenEvent.class);
    }
}
