package aedmae.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * One camera's event state machine (hysteresis, {@link EventThresholds}), able to resume an event
 * that another node opened. Not thread-safe; one per camera.
 */
final class EventTracker {

    private final String camera;
    private final String node;
    private final EventThresholds thresholds;
    private final long updateEveryMs;
    private OpenEvent open;
    private int framesBelow;
    private long lastUpdateMs;

    /**
     * @param updateEveryMs frame time between two {@code update} messages of an open event
     */
    EventTracker(String camera, String node, EventThresholds thresholds, long updateEveryMs) {
        this.camera = camera;
        this.node = node;
        this.thresholds = thresholds;
        this.updateEveryMs = updateEveryMs;
    }

    /** Continues an event opened elsewhere (or before a restart) as if this tracker had opened it. */
    void resume(OpenEvent event) {
        open = event.heldBy(node);
        framesBelow = 0;
        lastUpdateMs = event.lastMs();
    }

    String node() {
        return node;
    }

    /** The open event, or null. */
    OpenEvent open() {
        return open;
    }

    /** Feeds one frame; returns the messages it causes (none, or one start, update or end). */
    List<CameraEvent> onFrame(long frameTimeMs, double score) {
        List<CameraEvent> out = new ArrayList<>(1);
        if (open == null) {
            if (score >= thresholds.start()) {
                open = OpenEvent.start(camera, frameTimeMs, score, node);
                framesBelow = 0;
                lastUpdateMs = frameTimeMs;
                out.add(CameraEvent.of(CameraEvent.START, open, frameTimeMs, score, node));
            }
            return out;
        }
        open = open.next(frameTimeMs, score, node);
        framesBelow = score < thresholds.release() ? framesBelow + 1 : 0;
        if (framesBelow >= thresholds.releaseFrames()) {
            out.add(CameraEvent.of(CameraEvent.END, open, frameTimeMs, score, node));
            open = null;
        } else if (frameTimeMs - lastUpdateMs >= updateEveryMs) {
            lastUpdateMs = frameTimeMs;
            out.add(CameraEvent.of(CameraEvent.UPDATE, open, frameTimeMs, score, node));
        }
        return out;
    }
}
