package aedmae.tensor.cuda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The staging ring waits only for copies that still read the region it hands out. */
class PinnedRingTest {
    static final class FakeFences implements Fences {
        long next;
        final List<Long> awaited = new ArrayList<>(), discarded = new ArrayList<>();

        @Override
        public long record() {
            return next++;
        }

        @Override
        public void await(long fence) {
            awaited.add(fence);
        }

        @Override
        public void discard(long fence) {
            discarded.add(fence);
        }
    }

    @Test
    void noWaitUntilTheRingWrapsThenOnlyForOverlaps() {
        FakeFences f = new FakeFences();
        PinnedRing ring = new PinnedRing(4096, f);
        long a = ring.reserve(1000);  // [0, 1024)    fence 0
        ring.commit(a, 1000);
        long b = ring.reserve(1500);  // [1024, 2560) fence 1
        ring.commit(b, 1500);
        long c = ring.reserve(1000);  // [2560, 3584) fence 2
        ring.commit(c, 1000);
        assertEquals(0, a);
        assertEquals(1024, b);
        assertEquals(2560, c);
        assertTrue(f.awaited.isEmpty());
        long d = ring.reserve(1200);  // wraps: [0, 1280) overlaps a and b -> wait for b (newest), a discarded
        assertEquals(0, d);
        assertEquals(List.of(1L), f.awaited);
        assertEquals(List.of(0L), f.discarded);
        assertEquals(1, ring.inFlightCount());
        ring.commit(d, 1200);
        long e = ring.reserve(256);   // [1280, 1536): nothing in flight there
        assertEquals(1280, e);
        assertEquals(1, f.awaited.size());
        assertEquals(1, ring.waits());
    }

    @Test
    void reservationsAreAlignedAndBounded() {
        PinnedRing ring = new PinnedRing(1 << 20, new FakeFences());
        long x = ring.reserve(1);
        long y = ring.reserve(1);
        assertEquals(0, x % PinnedRing.ALIGN);
        assertEquals(PinnedRing.ALIGN, y - x);
        assertThrows(IllegalArgumentException.class, () -> ring.reserve((1 << 20) + 1));
        assertEquals(0, ring.reserve(1 << 20), "a reservation of the whole ring starts at 0");
    }

    @Test
    void drainWaitsForTheLastCopy() {
        FakeFences f = new FakeFences();
        PinnedRing ring = new PinnedRing(4096, f);
        for (int i = 0; i < 3; i++) ring.commit(ring.reserve(512), 512);
        ring.drain();
        assertEquals(List.of(2L), f.awaited);
        assertEquals(List.of(0L, 1L), f.discarded);
        assertEquals(0, ring.inFlightCount());
    }
}
