package aedmae.tensor.cpu;

/**
 * 3x3 median filter with replicated borders (CPU twin of kernels/median_filter3x3.cu), the
 * denoising step before motion gradients (paper Sec. 3, after Ionescu et al.). The median of
 * nine values uses the classic 19 compare-exchange network.
 */
public final class MedianFilter3x3 {
    private MedianFilter3x3() {}

    public static void forward(float[] x, int xOff, int planes, int height, int width, float[] y, int yOff) {
        Parallel.forRange(planes * height, 16, (s, e) -> {
            float[] v = new float[9];
            for (int r = s; r < e; r++) {
                int p = r / height, yy = r % height;
                int base = xOff + p * height * width;
                int r0 = base + Math.max(yy - 1, 0) * width, r1 = base + yy * width, r2 = base + Math.min(yy + 1, height - 1) * width;
                for (int xx = 0; xx < width; xx++) {
                    int xl = Math.max(xx - 1, 0), xr = Math.min(xx + 1, width - 1);
                    v[0] = x[r0 + xl]; v[1] = x[r0 + xx]; v[2] = x[r0 + xr];
                    v[3] = x[r1 + xl]; v[4] = x[r1 + xx]; v[5] = x[r1 + xr];
                    v[6] = x[r2 + xl]; v[7] = x[r2 + xx]; v[8] = x[r2 + xr];
                    y[yOff + p * height * width + yy * width + xx] = median9(v);
                }
            }
        });
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
}
