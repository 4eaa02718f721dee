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
 * <p>Graphs own their blocks: every block allocated, returned or {@linkplain #adopt adopted}
 * during a capture belongs to the graph until the graph is closed ({@link #releaseRetained}), so
 * a block the graph's replays still write is never handed to another tensor, even when its
 * storage is released after capture (a MemoryArena closing after {@link #endCapture}): such a
 * block is parked, counted as retained, and reused only once no graph owns it.
 *
 * <p>Before device memory goes back to the driver ({@link #emptyCache}), {@link RawMemory#synchronize}
 * waits for the device, so no enqueued kernel can still use a block that is freed.
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
        /** Graphs that own the block (captured while it was in use), and whether it waits for them to close. */
        int graphs;
        boolean parked;

        Block(P handle, long bytes) {
            this.handle = handle;
            this.bytes = bytes;
        }
    }

    private final RawMemory<P> raw;
    private final Runnable onPressure;
    private final Map<Long, ArrayDeque<Block<P>>> free = new HashMap<>();
    /** Blocks the graph being captured touches (allocated, returned or adopted); null when not capturing. */
    private java.util.Set<Block<P>> captureBlocks;
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
            if (b == null && h == null && captureBlocks == null) {
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
        if (captureBlocks != null) captureBlocks.add(b);
        return b;
    }

    private Block<P> take(long size) {
        ArrayDeque<Block<P>> q = free.get(size);
        if (q == null || q.isEmpty()) return null;
        Block<P> b = q.pop();
        cached -= b.bytes;
        return b;
    }

    /** Returns a block for reuse, or parks it while a graph (or the capture running) owns it. */
    public synchronized void release(Block<P> b) {
        if (!b.live) throw new IllegalStateException("block released twice");
        b.live = false;
        live -= b.bytes;
        if (captureBlocks != null) captureBlocks.add(b);
        if (b.graphs > 0 || captureBlocks != null && captureBlocks.contains(b)) {
            b.parked = true;
            retained += b.bytes;
            return;
        }
        free.computeIfAbsent(b.bytes, k -> new ArrayDeque<>()).push(b);
        cached += b.bytes;
    }

    /** During capture: a live block the captured work reads or writes becomes the graph's too. */
    public synchronized void adopt(Block<P> b) {
        if (captureBlocks != null) captureBlocks.add(b);
    }

    /** Frees every cached block (live and retained blocks stay), after waiting for the device. Not during capture. */
    public synchronized void emptyCache() {
        if (captureBlocks != null) return; // cuMemFree would break the capture
        if (free.values().stream().anyMatch(q -> !q.isEmpty())) raw.synchronize();
        for (ArrayDeque<Block<P>> q : free.values()) {
            for (Block<P> b : q) {
                raw.free(b.handle);
                frees++;
            }
        }
        free.clear();
        cached = 0;
    }

    /** From now on the blocks allocated, returned or adopted belong to the graph being captured. */
    public synchronized void beginCapture() {
        if (captureBlocks != null) throw new IllegalStateException("a graph capture is already running");
        captureBlocks = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    }

    /** Ends capture mode; returns the graph's blocks, owned by it until {@link #releaseRetained}. */
    public synchronized List<Block<P>> endCapture() {
        if (captureBlocks == null) throw new IllegalStateException("no graph capture is running");
        List<Block<P>> out = new ArrayList<>(captureBlocks);
        captureBlocks = null;
        for (Block<P> b : out) b.graphs++;
        return out;
    }

    /** A closed graph gives up its blocks: parked ones that no other graph owns go back to the cache. */
    public synchronized void releaseRetained(List<Block<P>> blocks) {
        for (Block<P> b : blocks) {
            if (b.graphs > 0) b.graphs--;
            if (b.graphs == 0 && b.parked) {
                b.parked = false;
                retained -= b.bytes;
                free.computeIfAbsent(b.bytes, k -> new ArrayDeque<>()).push(b);
                cached += b.bytes;
            }
        }
    }

    public synchronized boolean capturing() {
        return captureBlocks != null;
    }

    public synchronized AllocatorStats stats() {
        return new AllocatorStats(live, cached, retained, peak, allocs, frees, hits, misses);
    }
}
