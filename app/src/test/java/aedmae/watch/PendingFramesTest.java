package aedmae.watch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PendingFramesTest {
    private static LiveFrame frame(long t) {
        return new LiveFrame("c", t, 0, 0, null, null, null, null, false);
    }

    @Test
    void dropsTheOldestWhenFullAndCountsIt() {
        PendingFrames q = new PendingFrames(3, new Object());
        for (int t = 0; t < 3; t++) assertFalse(q.offer(frame(t)));
        assertTrue(q.offer(frame(3)));
        assertTrue(q.offer(frame(4)));
        assertEquals(3, q.size());
        assertEquals(2, q.skipped());
        assertEquals(2, q.poll().index(), "frames 0 and 1 were skipped");
        assertEquals(3, q.poll().index());
    }
}
