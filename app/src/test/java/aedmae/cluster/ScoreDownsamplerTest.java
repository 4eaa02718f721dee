package aedmae.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ScoreDownsamplerTest {

    @Test
    void foldsFramesIntoWindowsOfFrameTime() {
        ScoreDownsampler d = new ScoreDownsampler("cam", "n1", 1000);
        assertNull(d.add(0, 0.1));
        assertNull(d.add(400, 0.5));
        assertNull(d.add(999, 0.3));
        ScoreWindow first = d.add(1000, 0.2); // the first frame outside closes the window
        assertEquals(0, first.fromMs());
        assertEquals(999, first.toMs());
        assertEquals(3, first.frames());
        assertEquals(0.5, first.max());
        assertEquals(0.3, first.mean(), 1e-12);
        ScoreWindow second = d.flush();
        assertEquals(1000, second.fromMs());
        assertEquals(1, second.frames());
        assertEquals(0.2, second.max());
        assertNull(d.flush());
    }
}
