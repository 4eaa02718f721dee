package aedmae.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

import aedmae.watch.AnomalyEvent;

/**
 * Remembers the last {@code capacity} event messages seen, by camera and frame time, and says whether
 * a message is a copy of one of them. Not thread-safe.
 */
final class EventDeduplicator {

    private final Map<String, Boolean> seen;

    EventDeduplicator(int capacity) {
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * What makes two messages the same, whichever node sent them: a start or an end is identified by
     * its event (the id holds the camera and the start frame's time), an update by its event and
     * frame time. A node that resumes an event announces its start again; this drops the copy, and
     * a second end of the same event.
     */
    static String key(AnomalyEvent e) {
        return "update".equals(e.phase()) ? e.id() + "/update@" + e.time() : e.id() + "/" + e.phase();
    }

    /** True the first time a message is seen, false for a copy. */
    boolean firstTime(AnomalyEvent e) {
        return seen.put(key(e), Boolean.TRUE) == null;
    }
}
