package aedmae.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the {@link CameraEvent#deduplicationKey()}s of the last {@code capacity} messages seen,
 * and says whether a message is a copy of one of them. Not thread-safe.
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

    /** True the first time a message's key is seen, false for a copy. */
    boolean firstTime(CameraEvent e) {
        return seen.put(e.deduplicationKey(), Boolean.TRUE) == null;
    }
}
