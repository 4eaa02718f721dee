package aedmae.tensor.device;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allocator's bookkeeping on a fake device with a fixed capacity. */
class CachingAllocatorTest {
    /** Device memory as numbered blocks, failing beyond a capacity. */
    static final class FakeDevice implements RawMemory<Long> {
        final long capacity;
        final Map<Long, Long> live = new HashMap<>();
        long used, next = 1, allocCalls;

        FakeDevice(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public Long allocate(long bytes) {
            allocCalls++;
            if (used + bytes > capacity) return null;
            used += bytes;
            live.put(next, bytes);
            return next++;
        }

        final List<String> events = new ArrayList<>();

        @Override
        public void synchronize() {
            events.add("sync");
        }

        @Override
        public void free(Long handle) {
            events.add("free " + handle);
            Long b = live.remove(handle);
            if (b == null) throw new AssertionError("double free of " + handle);
            used -= b;
        }
    }

    @Test
    void sizeClassesWasteAtMostAQuarter() {
        long prev = 0;
        for (long bytes = 1; bytes < 50_000_000L; bytes = bytes * 9 / 8 + 1) {
            long c = CachingAllocator.sizeClass(bytes);
            assertTrue(c >= bytes, bytes + " -> " + c);
            assertTrue(c >= prev, "classes must not shrink with the request");
            if (bytes > 2048) assertTrue(c <= bytes * 1.25 + 1, bytes + " -> " + c);
            else assertEquals(0, c % 512);
            prev = c;
        }
        assertEquals(4096, CachingAllocator.sizeClass(4096));
        assertEquals(5120, CachingAllocator.sizeClass(4097));
        assertEquals(512, CachingAllocator.sizeClass(0));
    }

    @Test
    void returnedBlocksAreReusedWithoutNewDeviceAllocations() {
        FakeDevice dev = new FakeDevice(1 << 30);
        CachingAllocator<Long> a = new CachingAllocator<>(dev, null);
        for (int i = 0; i < 100; i++) {
            CachingAllocator.Block<Long> x = a.allocate(10_000);
            CachingAllocator.Block<Long> y = a.allocate(9_000); // same class as 10_000
            a.release(x);
            a.release(y);
        }
        assertEquals(2, dev.allocCalls, "after warm-up every request is served from the cache");
        AllocatorStats s = a.stats();
        assertEquals(0, s.liveBytes());
        assertEquals(2 * CachingAllocator.sizeClass(10_000), s.cachedBytes());
        assertEquals(198, s.hits());
        assertEquals(2, s.misses());
        assertEquals(2 * CachingAllocator.sizeClass(10_000), s.peakLiveBytes());
    }

    @Test
    void outOfMemoryReclaimsThenEmptiesTheCacheThenFailsWithSizes() {
        FakeDevice dev = new FakeDevice(110_000);
        List<CachingAllocator.Block<Long>> garbage = new ArrayList<>();
        CachingAllocator<Long>[] self = new CachingAllocator[1];
        int[] pressureCalls = {0};
        CachingAllocator<Long> a = new CachingAllocator<>(dev, () -> {
            pressureCalls[0]++;
            for (CachingAllocator.Block<Long> b : garbage) self[0].release(b);
            garbage.clear();
        });
        self[0] = a;
        // classes: 40 kB -> 40960, 20 kB -> 20480, 30 kB -> 32768. A "collected" storage holds
        // 40960, a cached block of another class 20480, a live one 32768: 94208 of 110000 used
        garbage.add(a.allocate(40_000));
        CachingAllocator.Block<Long> cachedOther = a.allocate(20_000);
        a.release(cachedOther);
        CachingAllocator.Block<Long> live = a.allocate(30_000);
        // another 40960 fits only by reclaiming the garbage
        CachingAllocator.Block<Long> again = a.allocate(40_000);
        assertEquals(1, pressureCalls[0]);
        assertEquals(CachingAllocator.sizeClass(40_000), again.bytes);
        // another 32768 fits only once the cached 20480 is freed
        CachingAllocator.Block<Long> more = a.allocate(29_000);
        assertNotSame(live, more);
        assertEquals(1, a.stats().deviceFrees());
        OutOfDeviceMemoryException e = assertThrows(OutOfDeviceMemoryException.class, () -> a.allocate(80_000));
        assertTrue(e.getMessage().contains("out of device memory"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(CachingAllocator.sizeClass(80_000))), e.getMessage());
    }

    @Test
    void blocksReturnedDuringCaptureStayWithTheGraph() {
        FakeDevice dev = new FakeDevice(1 << 30);
        CachingAllocator<Long> a = new CachingAllocator<>(dev, null);
        CachingAllocator.Block<Long> before = a.allocate(4096);
        a.release(before);
        a.beginCapture();
        CachingAllocator.Block<Long> x = a.allocate(4096);
        assertSame(before, x, "capture may reuse blocks freed before it");
        a.release(x);
        CachingAllocator.Block<Long> y = a.allocate(4096);
        assertNotSame(x, y, "a block freed during capture is not reused: the graph may still write it");
        a.emptyCache(); // ignored during capture
        assertEquals(0, a.stats().deviceFrees());
        List<CachingAllocator.Block<Long>> retained = a.endCapture();
        assertEquals(java.util.Set.of(x, y), new java.util.HashSet<>(retained), "the graph owns what it allocated and returned");
        assertEquals(4096, a.stats().retainedBytes());
        a.releaseRetained(retained);
        assertEquals(0, a.stats().retainedBytes());
        assertSame(x, a.allocate(4096), "after the graph is closed the block is reused");
        assertThrows(IllegalStateException.class, a::endCapture);
    }

    @Test
    void releasingTwiceIsAnError() {
        CachingAllocator<Long> a = new CachingAllocator<>(new FakeDevice(1 << 20), null);
        CachingAllocator.Block<Long> b = a.allocate(100);
        a.release(b);
        assertThrows(IllegalStateException.class, () -> a.release(b));
    }

    @Test
    void emptyCacheFreesOnlyCachedBlocks() {
        FakeDevice dev = new FakeDevice(1 << 30);
        CachingAllocator<Long> a = new CachingAllocator<>(dev, null);
        CachingAllocator.Block<Long> keep = a.allocate(1000);
        a.release(a.allocate(5000));
        a.release(a.allocate(70000));
        a.emptyCache();
        assertEquals(1, dev.live.size());
        assertTrue(dev.live.containsKey(keep.handle));
        assertEquals(0, a.stats().cachedBytes());
        assertEquals(2, a.stats().deviceFrees());
    }

    @Test
    void aBlockAllocatedDuringCaptureIsTheGraphsUntilTheGraphCloses() {
        CachingAllocator<Long> a = new CachingAllocator<>(new FakeDevice(1 << 30), null);
        a.beginCapture();
        CachingAllocator.Block<Long> z = a.allocate(4096); // a temporary of the captured step
        List<CachingAllocator.Block<Long>> graph = a.endCapture();
        a.release(z); // its MemoryArena closes after endCapture; replays still write z
        assertEquals(4096, a.stats().retainedBytes(), "parked for the graph");
        assertNotSame(z, a.allocate(4096), "not handed to another tensor while the graph lives");
        a.releaseRetained(graph);
        assertEquals(0, a.stats().retainedBytes());
        assertSame(z, a.allocate(4096), "reused once the graph is closed");
    }

    @Test
    void aBlockTheCaptureUsesIsAdoptedByTheGraph() {
        CachingAllocator<Long> a = new CachingAllocator<>(new FakeDevice(1 << 30), null);
        CachingAllocator.Block<Long> input = a.allocate(8192); // made before capture, read by the graph
        a.beginCapture();
        a.adopt(input);
        List<CachingAllocator.Block<Long>> graph = a.endCapture();
        a.release(input);
        assertNotSame(input, a.allocate(8192));
        a.releaseRetained(graph);
        assertSame(input, a.allocate(8192));
        // a block no graph touched goes straight back
        CachingAllocator.Block<Long> other = a.allocate(100);
        a.release(other);
        assertSame(other, a.allocate(100));
    }

    @Test
    void theDeviceIsSynchronisedBeforeMemoryIsFreed() {
        FakeDevice dev = new FakeDevice(1 << 30);
        CachingAllocator<Long> a = new CachingAllocator<>(dev, null);
        a.release(a.allocate(5000));
        a.release(a.allocate(70000));
        a.emptyCache();
        assertEquals("sync", dev.events.get(0), "cuMemFree only after the stream is idle: " + dev.events);
        assertEquals(3, dev.events.size());
        dev.events.clear();
        a.emptyCache();
        assertEquals(List.of(), dev.events, "nothing to free, no wait");
    }
}
