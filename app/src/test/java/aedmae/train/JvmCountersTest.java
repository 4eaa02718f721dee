package aedmae.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class JvmCountersTest {
    private static volatile Object sink;

    @Test
    void countsTheHeapThisThreadAllocates() {
        JvmCounters before = JvmCounters.now();
        for (int i = 0; i < 64; i++) sink = new byte[1 << 20];
        JvmCounters d = JvmCounters.now().since(before);
        assertTrue(d.allocatedBytes() >= 64L << 20, "64 MiB allocated, counted " + d.allocatedBytes());
        assertTrue(d.allocatedBytes() < 1L << 30, "and not wildly more: " + d.allocatedBytes());
        assertTrue(d.gcMillis() >= 0);
        assertEquals(0, before.since(JvmCounters.now()).allocatedBytes(), "an earlier snapshot minus a later one is 0, never negative");
    }
}
