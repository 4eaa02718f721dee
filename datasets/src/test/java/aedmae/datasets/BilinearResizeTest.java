package aedmae.datasets;

import aedmae.datasets.image.BilinearResize;
import aedmae.datasets.image.RgbFrame;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BilinearResizeTest {
    @Test
    void upsamplingUsesHalfPixelCentresAndClampsAtEdges() {
        // one plane [[0, 100], [200, 40]] → 4×4; output x samples source (x + 0.5)/2 − 0.5
        byte[] src = {0, 100, (byte) 200, 40};
        byte[] dst = new byte[16];
        BilinearResize.resize(src, 1, 2, 2, dst, 4, 4);
        // corners clamp to the source corners
        assertEquals(0, dst[0] & 0xFF);
        assertEquals(100, dst[3] & 0xFF);
        assertEquals(200, dst[12] & 0xFF);
        assertEquals(40, dst[15] & 0xFF);
        // (y=1, x=1) samples (0.25, 0.25): top 25, bottom 160 → 58.75 → 59
        assertEquals(59, dst[5] & 0xFF);
        // (y=0, x=1) samples (row 0 clamped, x 0.25): 25
        assertEquals(25, dst[1] & 0xFF);
        // (y=0, x=2) samples x 0.75: 75
        assertEquals(75, dst[2] & 0xFF);
    }

    @Test
    void halvingAveragesPairs() {
        byte[] src = {10, 20, 30, 40, 50, 60, 70, 80};
        byte[] dst = new byte[2];
        BilinearResize.resize(src, 1, 2, 4, dst, 1, 2);
        // row: x = 0.5 and 2.5 in each row, rows 0.5 → mean of both rows
        assertEquals(Math.round((15 + 55) / 2f), dst[0] & 0xFF);
        assertEquals(Math.round((35 + 75) / 2f), dst[1] & 0xFF);
    }

    @Test
    void sameSizeIsTheSameFrameAndChannelsStaySeparate() {
        RgbFrame f = TestData.scene(10, 12, 0, 0);
        assertSame(f, BilinearResize.resize(f, 10, 12));
        RgbFrame r = BilinearResize.resize(f, 5, 6);
        assertEquals(5, r.height());
        assertEquals(6, r.width());
        // the square is (250, 240, 230): channel order must survive
        RgbFrame g = BilinearResize.resize(new RgbFrame(2, 2, new byte[] {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}), 3, 3);
        for (int p = 0; p < 9; p++) {
            assertEquals(1, g.chw()[p]);
            assertEquals(2, g.chw()[9 + p]);
            assertEquals(3, g.chw()[18 + p]);
        }
    }

    @Test
    void nearestMaskResizeStaysBinary() {
        byte[] m = {0, 1, 1, 0};
        byte[] r = BilinearResize.resizeMaskNearest(m, 2, 2, 4, 4);
        assertArrayEquals(new byte[] {0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0}, r);
    }
}
