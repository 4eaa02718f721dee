package aedmae.tensor.cuda;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Hands out regions of a pinned host staging buffer as a ring: an upload copies into a region,
 * enqueues the asynchronous copy and commits the region with a fence; a later reservation that
 * overlaps a region still in flight waits for its fence first. The host never waits for the
 * device unless it laps it. Offsets only: the caller owns the memory.
 */
final class PinnedRing {
    static final long ALIGN = 256;

    private record InFlight(long start, long end, long fence) {}

    private final long capacity;
    private final Fences fences;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>(); // oldest first
    private long head;
    private long waits;

    PinnedRing(long capacity, Fences fences) {
        if (capacity < ALIGN) throw new IllegalArgumentException("ring capacity " + capacity + " is below " + ALIGN);
        this.capacity = capacity;
        this.fences = fences;
    }

    long capacity() {
        return capacity;
    }

    /** Largest single reservation. */
    long maxReservation() {
        return capacity;
    }

    /**
     * The offset of a free region of the given size (at most {@link #maxReservation}), after
     * waiting for every in-flight region it overlaps.
     */
    synchronized long reserve(long bytes) {
        long size = Math.max(ALIGN, (bytes + ALIGN - 1) / ALIGN * ALIGN);
        if (size > capacity) throw new IllegalArgumentException("reservation of " + bytes + " bytes exceeds the ring's " + capacity);
        if (head + size > capacity) head = 0;
        long start = head, end = head + size;
        // the newest overlapping region: waiting for it covers every older one (stream order)
        InFlight newest = null;
        for (InFlight f : inFlight) {
            if (f.start < end && start < f.end) newest = f;
        }
        if (newest != null) {
            Iterator<InFlight> it = inFlight.iterator();
            while (it.hasNext()) {
                InFlight f = it.next();
                it.remove();
                if (f == newest) {
                    fences.await(f.fence);
                    waits++;
                    break;
                }
                fences.discard(f.fence);
            }
        }
        head = end;
        return start;
    }

    /** Marks [offset, offset + bytes) as read by the work enqueued so far. */
    synchronized void commit(long offset, long bytes) {
        long size = Math.max(ALIGN, (bytes + ALIGN - 1) / ALIGN * ALIGN);
        inFlight.addLast(new InFlight(offset, offset + size, fences.record()));
    }

    /** Regions whose copies may still be running. */
    synchronized int inFlightCount() {
        return inFlight.size();
    }

    /** How often a reservation had to wait for the device. */
    synchronized long waits() {
        return waits;
    }

    /** Waits for everything in flight (before the buffer is freed). */
    synchronized void drain() {
        InFlight last = inFlight.peekLast();
        while (!inFlight.isEmpty()) {
            InFlight f = inFlight.pollFirst();
            if (f == last) fences.await(f.fence);
            else fences.discard(f.fence);
        }
    }
}
