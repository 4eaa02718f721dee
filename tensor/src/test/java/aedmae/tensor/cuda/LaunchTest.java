package aedmae.tensor.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LaunchTest {
    @Test
    void linearLaunchesCoverTheWorkUpToTheCap() {
        assertEquals(1, Launch.linear(0, 256, 100).gx());
        assertEquals(1, Launch.linear(256, 256, 100).gx());
        assertEquals(2, Launch.linear(257, 256, 100).gx());
        assertEquals(100, Launch.linear(1L << 40, 256, 100).gx(), "grid-stride kernels cover the rest");
        assertEquals(3, Launch.ceilDiv(7, 3));
        assertEquals(0, Launch.ceilDiv(0, 3));
    }

    @Test
    void invalidGeometriesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Launch.of(0, 1, 1, 32, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Launch.of(1, 1, 1, 1024, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> Launch.of(1, 70000, 1, 32, 1, 1));
        assertEquals(4096, Launch.of(1, 1, 1, 32, 1, 1).withShared(4096).sharedBytes());
    }
}
