package aedmae.tensor.device;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A caching device allocator: requests are rounded up to a size class (multiples of 512 B up
 * to 2 KiB, then four classes per power of two, so at most 25% is wasted) and returned blocks
 * wait in a free list per class for the next request of that class: after warm-up no operation
 * calls cuMemAlloc. Reuse is safe without events because all work runs on one stream, in order.
 *
 * <p>Out of memory: first {@code onPressure} (collects garbage storages, whose blocks come
 * back here), then the cache is emptied, then the request fails with the sizes in the message.
 *
 * <p>During graph capture, returned blocks are retained (not reused) until the graph that may
 * still write them is closed: see {@link #beginCapture} and {@link #endCapture}.
 *
 * @param <P> the raw memory's handle
 */
public final class CachingAllocator<P> {
    public static final long MIN_BLOCK = 512;

    /** A size-class block of device memory. */
    public static final class Block<P> {
        public final P handle;
        public final long bytes;
        boolean live;

        Block(P handle, long bytes) {
            this.handle = handle;
            this.bytes = bytes;
        }
    }

    private final RawMemory<P> raw;
    private final Runnable onPressure;
    private final Map<Long, ArrayDeque<Block<P>>> free = new HashMap<>();
    private List<Block<P>> captureRetained;
    private long live, cached, retained, peak, allocs, frees, hits, misses;

    public CachingAllocator(RawMemory<P> raw, Runnable onPressure) {
        this.raw = raw;
        this.onPressure = onPressure;
    }

    /** The size class of a request: the block size it gets. */
    public static long sizeClass(long bytes) {
        if (bytes <= 0) return MIN_BLOCK;
        if (bytes <= 2048) return (bytes + MIN_BLOCK - 1) / MIN_BLOCK * MIN_BLOCK;
        long p = Long.highestOneBit(bytes);
        if (p == bytes) return p;
        long step = p / 4;
        return (bytes + step - 1) / step * step;
    }

    /** A block of at least this many bytes (contents undefined). */
    public synchronized Block<P> allocate(long bytes) {
        long size = sizeClass(bytes);
        Block<P> b = take(size);
        if (b != null) {
            hits++;
        } else {
            misses++;
            P h = raw.allocate(size);
            if (h == null && onPressure != null) {
                onPressure.run();
                b = take(size);
                if (b == null) h = raw.allocate(size);
            }
            if (b == null && h == null && captureRetained == null) {
                emptyCache();
                h = raw.allocate(size);
            }
            if (b == null) {
                if (h == null) {
                    throw new OutOfDeviceMemoryException(String.format("out of device memory: a block of %d bytes was requested with %.1f MiB live, %.1f MiB retained by graphs",
                            size, live / 1048576.0, retained / 1048576.0));
                }
                allocs++;
                b = new Block<>(h, size);
            }
        }
        b.live = true;
        live += b.bytes;
        peak = Math.max(peak, live);
        return b;
    }

    private Block<P> take(long size) {
        ArrayDeque<Block<P>> q = free.get(size);
        if (q == null || q.isEmpty()) return null;
        Block<P> b = q.pop();
        cached -= b.bytes;
        return b;
    }

    /** Returns a block for reuse (or, during capture, to the graph being captured). */
    public synchronized void release(Block<P> b) {
        if (!b.live) throw new IllegalStateException("block released twice");
        b.live = false;
        live -= b.bytes;
        if (captureRetained != null) {
            captureRetained.add(b);
            retained += b.bytes;
            return;
        }
        free.computeIfAbsent(b.bytes, k -> new ArrayDeque<>()).push(b);
        cached += b.bytes;
    }

    /** Frees every cached block (live and retained blocks stay). Not during capture. */
    public synchronized void emptyCache() {
        if (captureRetained != null) return; // cuMemFree would break the capture
        for (ArrayDeque<Block<P>> q : free.values()) {
            for (Block<P> b : q) {
                raw.free(b.handle);
                frees++;
            }
        }
        free.clear();
        cached = 0;
    }

    /** From now on returned blocks are kept for the graph being captured. */
    public synchronized void beginCapture() {
        if (captureRetained != null) throw new IllegalStateException("a graph capture is already running");
        captureRetained = new ArrayList<>();
    }

    /** Ends capture mode; the blocks returned meanwhile belong to the graph until it is closed. */
    public synchronized List<Block<P>> endCapture() {
        if (captureRetained == null) throw new IllegalStateException("no graph capture is running");
        List<Block<P>> out = captureRetained;
        captureRetained = null;
        return out;
    }

    /** A closed graph's retained blocks go back to the cache. */
    public synchronized void releaseRetained(List<Block<P>> blocks) {
        for (Block<P> b : blocks) {
            retained -= b.bytes;
            free.computeIfAbsent(b.bytes, k -> new ArrayDeque<>()).push(b);
            cached += b.bytes;
        }
    }

    public synchronized boolean capturing() {
        return captureRetained != null;
    }

    public synchronized AllocatorStats stats() {
        return new AllocatorStats(live, cached, retained, peak, allocs, frees, hits, misses);
    }
}
