package aedmae.datasets;

import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.gradient.MotionGradient;
import aedmae.tensor.F;
import aedmae.tensor.Tensor;

import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The median filter and motion gradients against values worked out by hand. */
class MotionGradientTest {
    // one 4×4 plane: a ramp with salt noise (the 200s)
    private static final int[] PLANE = {
            10, 20, 30, 40,
            10, 200, 30, 40,
            10, 20, 30, 200,
            10, 20, 30, 40};

    @Test
    void medianFilterMatchesHandComputation() {
        byte[] m = MotionGradient.median(threePlanes(PLANE), 4, 4);
        // (0,0), borders replicated: {10,10,20, 10,10,20, 10,10,200} → 10
        assertEquals(10, m[0] & 0xFF);
        // (1,1): {10,20,30, 10,200,30, 10,20,30} → 10,10,10,20,20,30,30,30,200 → 20: the salt is gone
        assertEquals(20, m[5] & 0xFF);
        // (2,3): {30,40,40, 30,200,200, 30,40,40} → 30,30,30,40,40,40,40,200,200 → 40
        assertEquals(40, m[11] & 0xFF);
        // (3,3): {30,200,200, 30,40,40, 30,40,40} → 40
        assertEquals(40, m[15] & 0xFF);
        // (0,3): {30,40,40, 30,40,40, 30,40,40} → 40
        assertEquals(40, m[3] & 0xFF);
        // each plane is filtered on its own: plane 2 is plane 0 + 5
        for (int p = 0; p < 16; p++) assertEquals((m[p] & 0xFF) + 5, m[32 + p] & 0xFF);
    }

    @Test
    void gradientIsAbsoluteDifferenceOfFilteredFrames() {
        int[] next = new int[16];
        for (int i = 0; i < 16; i++) next[i] = PLANE[i] + 7; // brighter everywhere ...
        next[0] = 0;                                         // ... but a dark speck at (0,0)
        byte[] g = new byte[48];
        MotionGradient.compute(threePlanes(PLANE), threePlanes(next), 4, 4, GradientMode.MEDIAN, g, 0);
        // M(next)(0,0): {0,0,27, 0,0,27, 17,17,207} → 0,0,0,0,17,17,27,27,207 → 17; M(prev) = 10: |10 − 17| = 7
        assertEquals(7, g[0] & 0xFF);
        // M(next)(1,1): {0,27,37, 17,207,37, 17,27,37} → 27; M(prev) = 20: 7
        assertEquals(7, g[5] & 0xFF);
        assertEquals(7, g[32 + 5] & 0xFF);
        // the reference code's variant, no median: |10 − 0| = 10 and |200 − 207| = 7
        MotionGradient.compute(threePlanes(PLANE), threePlanes(next), 4, 4, GradientMode.PLAIN, g, 0);
        assertEquals(10, g[0] & 0xFF);
        assertEquals(7, g[5] & 0xFF);
        // the same frame twice: no motion
        byte[] same = threePlanes(PLANE);
        MotionGradient.compute(same, same, 4, 4, GradientMode.MEDIAN, g, 0);
        for (byte b : g) assertEquals(0, b);
    }

    @Test
    void medianIsTheTensorLibrarysKernel() {
        Random r = new Random(3);
        int h = 7, w = 9;
        byte[] f = new byte[3 * h * w];
        r.nextBytes(f);
        float[] x = new float[f.length];
        for (int i = 0; i < f.length; i++) x[i] = f[i] & 0xFF;
        float[] ref = F.medianFilter3x3(Tensor.of(x, 3, h, w)).toArray();
        byte[] m = MotionGradient.median(f, h, w);
        for (int i = 0; i < f.length; i++) assertEquals(ref[i], m[i] & 0xFF, "element " + i);
    }

    /** Three planes: the values, the values + 2, the values + 5. */
    private static byte[] threePlanes(int[] v) {
        byte[] f = new byte[48];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 16; i++) f[c * 16 + i] = (byte) (v[i] + (c == 2 ? 5 : c == 1 ? 2 : 0));
        return f;
    }
}
