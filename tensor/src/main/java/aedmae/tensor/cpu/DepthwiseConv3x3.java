package aedmae.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise 3x3 convolution, stride 1, padding 1, no bias, on channels-last [N, H, W, C]
 * tensors (CPU twin of kernels/depthwise_conv3x3.cu). Channels-last makes each tap a vector
 * multiply-add over C; it is the layout the CvT projections get for free from token tensors.
 *
 * <p>Output pixels away from the left and right edges need no bounds checks, so each row runs a
 * branch-free interior loop; the weight gradient keeps the nine per-tap sums of a channel chunk
 * in registers while it sweeps the pixels.
 */
public final class DepthwiseConv3x3 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private DepthwiseConv3x3() {}

    /** Weights [C, 3, 3] rearranged to taps [9, C] so each tap is a contiguous vector over C. */
    private static float[] taps(float[] w, int wOff, int channels, boolean flip) {
        float[] t = new float[9 * channels];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < 9; k++) t[(flip ? 8 - k : k) * channels + c] = w[wOff + c * 9 + k];
        }
        return t;
    }

    /** y[n,y,x,c] = sum_{ky,kx} w[c,ky,kx] * x[n, y+ky-1, x+kx-1, c]. Overwrites y. */
    public static void forward(float[] x, int xOff, float[] w, int wOff, int n, int height, int width, int channels,
                               float[] y, int yOff) {
        correlate(x, xOff, taps(w, wOff, channels, false), n, height, width, channels, y, yOff);
    }

    /** 3x3 correlation with taps [9, C] (zero padding); shared by forward and input-gradient. */
    private static void correlate(float[] x, int xOff, float[] t, int n, int height, int width, int channels,
                                  float[] y, int yOff) {
        int rowWork = width * channels * 9;
        Parallel.forRange(n * height, Math.max(1, 200_000 / Math.max(rowWork, 1)), (s, e) -> {
            int[] rows = new int[3];
            for (int row = s; row < e; row++) {
                int img = row / height, yy = row % height;
                // the three input rows (or -1 above/below the image)
                for (int ky = 0; ky < 3; ky++) {
                    int iy = yy + ky - 1;
                    rows[ky] = iy < 0 || iy >= height ? -1 : xOff + (img * height + iy) * width * channels;
                }
                int dst = yOff + (img * height + yy) * width * channels;
                pixel(x, rows, t, channels, width, 0, y, dst);
                for (int xx = 1; xx < width - 1; xx++) interior(x, rows, t, channels, xx, y, dst + xx * channels);
                if (width > 1) pixel(x, rows, t, channels, width, width - 1, y, dst + (width - 1) * channels);
            }
        });
    }

    /** One interior output pixel: all three columns exist, only rows may be missing. */
    private static void interior(float[] x, int[] rows, float[] t, int channels, int xx, float[] y, int dst) {
        int c = 0;
        int vEnd = S.loopBound(channels);
        for (; c < vEnd; c += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int ky = 0; ky < 3; ky++) {
                int r = rows[ky];
                if (r < 0) continue;
                int src = r + (xx - 1) * channels + c, tap = ky * 3 * channels + c;
                acc = FloatVector.fromArray(S, x, src).fma(FloatVector.fromArray(S, t, tap), acc);
                acc = FloatVector.fromArray(S, x, src + channels).fma(FloatVector.fromArray(S, t, tap + channels), acc);
                acc = FloatVector.fromArray(S, x, src + 2 * channels).fma(FloatVector.fromArray(S, t, tap + 2 * channels), acc);
            }
            acc.intoArray(y, dst + c);
        }
        for (; c < channels; c++) {
            float acc = 0f;
            for (int ky = 0; ky < 3; ky++) {
                int r = rows[ky];
                if (r < 0) continue;
                for (int kx = 0; kx < 3; kx++) acc += x[r + (xx + kx - 1) * channels + c] * t[(ky * 3 + kx) * channels + c];
            }
            y[dst + c] = acc;
        }
    }

    /** An edge pixel (first or last column): taps outside the image are skipped. */
    private static void pixel(float[] x, int[] rows, float[] t, int channels, int width, int xx, float[] y, int dst) {
        for (int c = 0; c < channels; c++) {
            float acc = 0f;
            for (int ky = 0; ky < 3; ky++) {
                int r = rows[ky];
                if (r < 0) continue;
                for (int kx = 0; kx < 3; kx++) {
                    int ix = xx + kx - 1;
                    if (ix >= 0 && ix < width) acc += x[r + ix * channels + c] * t[(ky * 3 + kx) * channels + c];
                }
            }
            y[dst + c] = acc;
        }
    }

    /**
     * dx = correlation of dy with the flipped kernel (when dx != null); dw[c,ky,kx] = sum over
     * n, y, x of dy[n,y,x,c] * x[n, y+ky-1, x+kx-1, c] (when dw != null). Overwrites dx, dw.
     */
    public static void backward(float[] x, int xOff, float[] w, int wOff, float[] dy, int dyOff,
                                int n, int height, int width, int channels, float[] dx, int dxOff, float[] dw) {
        if (dx != null) {
            correlate(dy, dyOff, taps(w, wOff, channels, true), n, height, width, channels, dx, dxOff);
        }
        if (dw == null) return;
        int rows = n * height;
        int chunks = Math.max(1, Math.min(Parallel.threads(), rows));
        float[][] parts = new float[chunks][];
        Parallel.forRange(chunks, 1, (cs, ce) -> {
            for (int k = cs; k < ce; k++) {
                int r0 = (int) ((long) rows * k / chunks), r1 = (int) ((long) rows * (k + 1) / chunks);
                parts[k] = weightGradient(x, xOff, dy, dyOff, height, width, channels, r0, r1);
            }
        });
        java.util.Arrays.fill(dw, 0, 9 * channels, 0f);
        for (float[] p : parts) {
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < 9; t++) dw[c * 9 + t] += p[t * channels + c];
            }
        }
    }

    /** Per-tap sums [9][C] over output rows [r0, r1) (row = image * height + y). */
    private static float[] weightGradient(float[] x, int xOff, float[] dy, int dyOff, int height, int width, int channels, int r0, int r1) {
        float[] acc = new float[9 * channels];
        int vEnd = S.loopBound(channels);
        for (int c = 0; c < vEnd; c += L) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0;
            for (int row = r0; row < r1; row++) {
                int img = row / height, yy = row % height;
                int g = dyOff + (img * height + yy) * width * channels + c;
                int up = yy > 0 ? xOff + (img * height + yy - 1) * width * channels + c : -1;
                int mid = xOff + (img * height + yy) * width * channels + c;
                int down = yy < height - 1 ? xOff + (img * height + yy + 1) * width * channels + c : -1;
                for (int xx = 1; xx < width - 1; xx++) {
                    FloatVector d = FloatVector.fromArray(S, dy, g + xx * channels);
                    int o = (xx - 1) * channels;
                    if (up >= 0) {
                        a0 = d.fma(FloatVector.fromArray(S, x, up + o), a0);
                        a1 = d.fma(FloatVector.fromArray(S, x, up + o + channels), a1);
                        a2 = d.fma(FloatVector.fromArray(S, x, up + o + 2 * channels), a2);
                    }
                    a3 = d.fma(FloatVector.fromArray(S, x, mid + o), a3);
                    a4 = d.fma(FloatVector.fromArray(S, x, mid + o + channels), a4);
                    a5 = d.fma(FloatVector.fromArray(S, x, mid + o + 2 * channels), a5);
                    if (down >= 0) {
                        a6 = d.fma(FloatVector.fromArray(S, x, down + o), a6);
                        a7 = d.fma(FloatVector.fromArray(S, x, down + o + channels), a7);
                        a8 = d.fma(FloatVector.fromArray(S, x, down + o + 2 * channels), a8);
                    }
                }
            }
            a0.intoArray(acc, c);
            a1.intoArray(acc, channels + c);
            a2.intoArray(acc, 2 * channels + c);
            a3.intoArray(acc, 3 * channels + c);
            a4.intoArray(acc, 4 * channels + c);
            a5.intoArray(acc, 5 * channels + c);
            a6.intoArray(acc, 6 * channels + c);
            a7.intoArray(acc, 7 * channels + c);
            a8.intoArray(acc, 8 * channels + c);
        }
        // the edge columns for the vector channels, and every pixel for the tail channels
        for (int row = r0; row < r1; row++) {
            int img = row / height, yy = row % height;
            for (int xx = 0; xx < width; xx++) {
                boolean edge = xx == 0 || xx == width - 1;
                int from = edge ? 0 : vEnd;
                if (from >= channels) continue;
                int g = dyOff + ((img * height + yy) * width + xx) * channels;
                for (int ky = 0; ky < 3; ky++) {
                    int iy = yy + ky - 1;
                    if (iy < 0 || iy >= height) continue;
                    for (int kx = 0; kx < 3; kx++) {
                        int ix = xx + kx - 1;
                        if (ix < 0 || ix >= width) continue;
                        int src = xOff + ((img * height + iy) * width + ix) * channels, a = (ky * 3 + kx) * channels;
                        for (int c = from; c < channels; c++) acc[a + c] += dy[g + c] * x[src + c];
                    }
                }
            }
        }
        return acc;
    }
}
