package aedmae.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3x3 median filter with replicated borders (CPU twin of kernels/median_filter3x3.cu), the
 * denoising step before motion gradients (paper Sec. 3, after Ionescu et al.). The median of
 * nine values uses the classic 19 compare-exchange network.
 */
public final class MedianFilter3x3 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private MedianFilter3x3() {}

    public static void forward(float[] x, int xOff, int planes, int height, int width, float[] y, int yOff) {
        Parallel.forRange(planes * height, 16, (s, e) -> {
            float[] v = new float[9];
            for (int r = s; r < e; r++) {
                int p = r / height, yy = r % height;
                int base = xOff + p * height * width;
                int r0 = base + Math.max(yy - 1, 0) * width, r1 = base + yy * width, r2 = base + Math.min(yy + 1, height - 1) * width;
                int dst = yOff + p * height * width + yy * width;
                // interior columns: the network of median9(float[]) lane by lane, written out in the
                // loop (a helper taking vectors, when C2 does not inline it, boxes them on the heap)
                int xx = 1;
                for (; xx + S.length() <= width - 1; xx += S.length()) {
                    FloatVector p0 = FloatVector.fromArray(S, x, r0 + xx - 1), p1 = FloatVector.fromArray(S, x, r0 + xx), p2 = FloatVector.fromArray(S, x, r0 + xx + 1);
                    FloatVector p3 = FloatVector.fromArray(S, x, r1 + xx - 1), p4 = FloatVector.fromArray(S, x, r1 + xx), p5 = FloatVector.fromArray(S, x, r1 + xx + 1);
                    FloatVector p6 = FloatVector.fromArray(S, x, r2 + xx - 1), p7 = FloatVector.fromArray(S, x, r2 + xx), p8 = FloatVector.fromArray(S, x, r2 + xx + 1);
                    FloatVector t;
                    t = p1.min(p2); p2 = p1.max(p2); p1 = t;
                    t = p4.min(p5); p5 = p4.max(p5); p4 = t;
                    t = p7.min(p8); p8 = p7.max(p8); p7 = t;
                    t = p0.min(p1); p1 = p0.max(p1); p0 = t;
                    t = p3.min(p4); p4 = p3.max(p4); p3 = t;
                    t = p6.min(p7); p7 = p6.max(p7); p6 = t;
                    t = p1.min(p2); p2 = p1.max(p2); p1 = t;
                    t = p4.min(p5); p5 = p4.max(p5); p4 = t;
                    t = p7.min(p8); p8 = p7.max(p8); p7 = t;
                    p3 = p0.max(p3);                      // sort(0,3): only the max is used later
                    p5 = p5.min(p8);                      // sort(5,8): only the min
                    t = p4.min(p7); p7 = p4.max(p7); p4 = t;
                    p6 = p3.max(p6);                      // sort(3,6): only the max
                    p4 = p1.max(p4);                      // sort(1,4): only the max
                    p2 = p2.min(p5);                      // sort(2,5): only the min
                    p4 = p4.min(p7);                      // sort(4,7): only the min
                    t = p4.min(p2); p2 = p4.max(p2); p4 = t;
                    p4 = p6.max(p4);                      // sort(6,4): only the max (at 4)
                    p4.min(p2).intoArray(y, dst + xx); // sort(4,2): the median is the min
                }
                // borders (replicated) and the tail: scalar
                scalarColumn(x, r0, r1, r2, width, 0, v, y, dst);
                for (; xx < width; xx++) scalarColumn(x, r0, r1, r2, width, xx, v, y, dst);
            }
        });
    }

    private static void scalarColumn(float[] x, int r0, int r1, int r2, int width, int xx, float[] v, float[] y, int dst) {
        int xl = Math.max(xx - 1, 0), xr = Math.min(xx + 1, width - 1);
        v[0] = x[r0 + xl]; v[1] = x[r0 + xx]; v[2] = x[r0 + xr];
        v[3] = x[r1 + xl]; v[4] = x[r1 + xx]; v[5] = x[r1 + xr];
        v[6] = x[r2 + xl]; v[7] = x[r2 + xx]; v[8] = x[r2 + xr];
        y[dst + xx] = median9(v);
    }

    /** Median of 9 values (reorders v). */
    static float median9(float[] v) {
        sort(v, 1, 2); sort(v, 4, 5); sort(v, 7, 8);
        sort(v, 0, 1); sort(v, 3, 4); sort(v, 6, 7);
        sort(v, 1, 2); sort(v, 4, 5); sort(v, 7, 8);
        sort(v, 0, 3); sort(v, 5, 8); sort(v, 4, 7);
        sort(v, 3, 6); sort(v, 1, 4); sort(v, 2, 5);
        sort(v, 4, 7); sort(v, 4, 2); sort(v, 6, 4);
        sort(v, 4, 2);
        return v[4];
    }

    private static void sort(float[] v, int a, int b) {
        if (v[a] > v[b]) {
            float t = v[a];
            v[a] = v[b];
            v[b] = t;
        }
    }

    /**
     * The motion gradient (twin of median3x3_absdiff): out = |median3x3(a) - median3x3(b)| over
     * planes [P, H, W]. Reads a, b; overwrites out.
     */
    public static void absDiff(float[] a, int aOff, float[] b, int bOff, int planes, int height, int width, float[] out, int outOff) {
        int n = planes * height * width;
        float[] mb = new float[n];
        forward(a, aOff, planes, height, width, out, outOff);
        forward(b, bOff, planes, height, width, mb, 0);
        for (int i = 0; i < n; i++) out[outOff + i] = Math.abs(out[outOff + i] - mb[i]);
    }
}
