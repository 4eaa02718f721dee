package aedmae.tensor.cuda;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Index arrays (int[]) on the device, cached by content: a kernel that takes the same index
 * array again (the same mask, the same permutation) finds it uploaded. Least recently used
 * entries are evicted beyond maxEntries or maxInts, except while a captured graph exists (its
 * replays may read any entry it used). Arrays larger than maxInts / 4 are not cached: they come
 * as a one-off lease that returns its block when closed.
 *
 * @param <B> the device block type
 */
final class IndexCache<B> {
    /** Moves int arrays to the device and back to the allocator. */
    interface Uploader<B> {
        B upload(int[] data);

        void release(B block);
    }

    /** A device copy of an index array; close after the kernels that read it are enqueued. */
    static final class Lease<B> implements AutoCloseable {
        final B block;
        private final Uploader<B> owner; // null for cached entries

        Lease(B block, Uploader<B> owner) {
            this.block = block;
            this.owner = owner;
        }

        @Override
        public void close() {
            if (owner != null) owner.release(block);
        }
    }

    private record Key(int[] data, int hash) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.data, data);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final int maxEntries;
    private final long maxInts;
    private final Uploader<B> uploader;
    private final LinkedHashMap<Key, B> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedInts;
    private int pinningGraphs;
    private long hits, misses;

    IndexCache(int maxEntries, long maxInts, Uploader<B> uploader) {
        this.maxEntries = maxEntries;
        this.maxInts = maxInts;
        this.uploader = uploader;
    }

    /** The device copy of index. */
    synchronized Lease<B> get(int[] index) {
        if (index.length > maxInts / 4) {
            misses++;
            return new Lease<>(uploader.upload(index), uploader);
        }
        Key probe = new Key(index, Arrays.hashCode(index));
        B b = entries.get(probe);
        if (b != null) {
            hits++;
            return new Lease<>(b, null);
        }
        misses++;
        b = uploader.upload(index);
        entries.put(new Key(index.clone(), probe.hash), b);
        cachedInts += index.length;
        evict();
        return new Lease<>(b, null);
    }

    private void evict() {
        if (pinningGraphs > 0) return;
        Iterator<Map.Entry<Key, B>> it = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || cachedInts > maxInts) && it.hasNext()) {
            Map.Entry<Key, B> e = it.next();
            if (entries.size() == 1) break; // keep the entry just added
            it.remove();
            cachedInts -= e.getKey().data.length;
            uploader.release(e.getValue());
        }
    }

    /** A graph was captured: entries stay until it is closed. */
    synchronized void pin() {
        pinningGraphs++;
    }

    synchronized void unpin() {
        pinningGraphs--;
        evict();
    }

    synchronized void clear() {
        if (pinningGraphs > 0) return;
        for (B b : entries.values()) uploader.release(b);
        entries.clear();
        cachedInts = 0;
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }
}
