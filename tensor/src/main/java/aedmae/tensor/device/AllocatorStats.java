package aedmae.tensor.device;

/**
 * The caching allocator's bookkeeping, in bytes of size-class blocks.
 *
 * @param liveBytes    handed out and not yet returned
 * @param cachedBytes  returned and kept for reuse
 * @param retainedBytes returned during graph capture and kept for the graph's replays
 * @param peakLiveBytes the largest liveBytes so far
 * @param deviceAllocs  cuMemAlloc calls
 * @param deviceFrees   cuMemFree calls
 * @param hits          requests served from the cache
 * @param misses        requests that needed a new block
 */
public record AllocatorStats(long liveBytes, long cachedBytes, long retainedBytes, long peakLiveBytes,
                             long deviceAllocs, long deviceFrees, long hits, long misses) {
    /** Device memory held: live + cached + retained. */
    public long reservedBytes() {
        return liveBytes + cachedBytes + retainedBytes;
    }

    @Override
    public String toString() {
        return String.format("live %.1f MiB, cached %.1f MiB, retained %.1f MiB, peak %.1f MiB; %d cuMemAlloc, %d cuMemFree, %d hits, %d misses",
                liveBytes / 1048576.0, cachedBytes / 1048576.0, retainedBytes / 1048576.0, peakLiveBytes / 1048576.0,
                deviceAllocs, deviceFrees, hits, misses);
    }
}
