package aedmae.watch;

import java.util.ArrayDeque;

/**
 * A camera's frames waiting to be scored, at most {@code capacity} of them. The skip policy when
 * the scorer falls behind is drop-oldest: a new frame pushes out the oldest waiting one, which is
 * counted as skipped. Memory is bounded whatever the load, and the latency of what is scored
 * stays under capacity / fps. Thread-safe; {@link #offer} wakes a scorer waiting on the shared
 * {@code signal}.
 */
final class PendingFrames {
    private final ArrayDeque<LiveFrame> queue = new ArrayDeque<>();
    private final int capacity;
    private final Object signal;
    private long skipped;

    /**
     * @param capacity frames that may wait (e.g. one second of video)
     * @param signal   notified (notifyAll) on every offer
     */
    PendingFrames(int capacity, Object signal) {
        if (capacity < 1) throw new IllegalArgumentException("a camera needs room for at least one waiting frame, got " + capacity);
        this.capacity = capacity;
        this.signal = signal;
    }

    /** Adds a frame; returns true when an older frame had to be dropped for it. */
    boolean offer(LiveFrame f) {
        boolean dropped;
        synchronized (this) {
            dropped = queue.size() == capacity;
            if (dropped) {
                queue.pollFirst();
                skipped++;
            }
            queue.addLast(f);
        }
        synchronized (signal) {
            signal.notifyAll();
        }
        return dropped;
    }

    /** The oldest waiting frame, or null. */
    synchronized LiveFrame poll() {
        return queue.pollFirst();
    }

    synchronized int size() {
        return queue.size();
    }

    /** Frames dropped so far by the skip policy. */
    synchronized long skipped() {
        return skipped;
    }

    int capacity() {
        return capacity;
    }
}
