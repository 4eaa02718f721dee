package aedmae.cluster;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import aedmae.watch.AnomalyEvent;
import aedmae.watch.EventSink;

/**
 * A node's event sink: sends each event message to {@link ClusterTopics#EVENTS}, and keeps the state
 * of each open event in {@link ClusterTopics#OPEN_EVENTS} (stored before its start is announced,
 * refreshed with each update, deleted at its end), so that the node that takes a camera over can
 * continue the event.
 */
final class KafkaEventSink implements EventSink {

    private final OutputPublisher out;
    private final String node;
    private final Map<String, OpenEvent> open = new ConcurrentHashMap<>();
    /** Cameras moving to another node: the end their detector sends on closing is not an end. */
    private final Set<String> handingOver = ConcurrentHashMap.newKeySet();

    KafkaEventSink(OutputPublisher out, String node) {
        this.out = out;
        this.node = node;
    }

    @Override
    public void accept(AnomalyEvent e) {
        String camera = e.camera();
        long now = System.currentTimeMillis();
        switch (e.phase()) {
            case "start" -> {
                OpenEvent state = new OpenEvent(camera, e, e.peak(), now, node);
                open.put(camera, state);
                out.saveOpenEvent(state, true); // stored before announced: a takeover knows of it
                out.event(e);
            }
            case "update" -> {
                OpenEvent before = open.get(camera);
                if (before != null) {
                    OpenEvent state = before.withPeak(e.peak(), now, node);
                    open.put(camera, state);
                    if (!handingOver.contains(camera)) {
                        out.saveOpenEvent(state, false);
                    }
                }
                out.event(e);
            }
            default -> {
                open.remove(camera);
                if (handingOver.remove(camera)) {
                    return; // the camera moved: its event goes on there
                }
                out.event(e);
                out.clearOpenEvent(camera);
            }
        }
    }

    /**
     * A camera was opened here with an event another node left open: it is this node's now, and its
     * start is announced again (the relay drops the copy when the first announcement got out; this
     * one stands in when it did not).
     */
    void resumed(OpenEvent left) {
        handingOver.remove(left.camera());
        open.put(left.camera(), left.withPeak(left.peak(), System.currentTimeMillis(), node));
        out.event(left.start());
    }

    /** An event left open long ago, by a node that died: ended now, at its last known time. */
    void endStale(OpenEvent left) {
        out.event(left.endedUnseen());
        out.clearOpenEvent(left.camera());
    }

    /** A camera opened here with nothing to resume. */
    void opened(String camera) {
        handingOver.remove(camera);
    }

    /**
     * A camera is about to move to another node: the end its detector sends on closing is dropped,
     * and, with {@code store}, its open event's latest state is stored first (and waited for). Without:
     * this node lost the camera and another may be writing its state already.
     */
    void handingOver(String camera, boolean store) {
        OpenEvent state = open.get(camera);
        if (state != null) {
            handingOver.add(camera);
            if (store) {
                out.saveOpenEvent(state.withPeak(state.peak(), System.currentTimeMillis(), node), true);
            }
        }
    }
}
