package aedmae.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise 3x3 convolution, stride 1, padding 1, no bias, on channels-last [N, H, W, C]
 * tensors (CPU twin of kernels/depthwise_conv3x3.cu). Channels-last makes each tap a vector
 * multiply-add over C; it is the layout the CvT projections get for free from token tensors.
 */
public final class DepthwiseConv3x3 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

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
        float[] t = taps(w, wOff, channels, false);
        correlate(x, xOff, t, n, height, width, channels, y, yOff);
    }

    /** 3x3 correlation with taps [9, C] (zero padding); shared by forward and input-gradient. */
    private static void correlate(float[] x, int xOff, float[] t, int n, int height, int width, int channels,
                                  float[] y, int yOff) {
        int vEnd = S.loopBound(channels);
        Parallel.forRange(n * height, Math.max(1, 256 / Math.max(1, width * channels / 256)), (s, e) -> {
            for (int row = s; row < e; row++) {
                int img = row / height, yy = row % height;
                for (int xx = 0; xx < width; xx++) {
                    int dst = yOff + ((img * height + yy) * width + xx) * channels;
                    int c = 0;
                    for (; c < vEnd; c += S.length()) {
                        FloatVector acc = FloatVector.zero(S);
                        for (int ky = 0; ky < 3; ky++) {
                            int iy = yy + ky - 1;
                            if (iy < 0 || iy >= height) continue;
                            for (int kx = 0; kx < 3; kx++) {
                                int ix = xx + kx - 1;
                                if (ix < 0 || ix >= width) continue;
                                int src = xOff + ((img * height + iy) * width + ix) * channels + c;
                                acc = FloatVector.fromArray(S, x, src).fma(FloatVector.fromArray(S, t, (ky * 3 + kx) * channels + c), acc);
                            }
                        }
                        acc.intoArray(y, dst + c);
                    }
                    for (; c < channels; c++) {
                        float acc = 0f;
                        for (int ky = 0; ky < 3; ky++) {
                            int iy = yy + ky - 1;
                            if (iy < 0 || iy >= height) continue;
                            for (int kx = 0; kx < 3; kx++) {
                                int ix = xx + kx - 1;
                                if (ix < 0 || ix >= width) continue;
                                acc += x[xOff + ((img * height + iy) * width + ix) * channels + c] * t[(ky * 3 + kx) * channels + c];
                            }
                        }
                        y[dst + c] = acc;
                    }
                }
            }
        });
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
        int vEnd = S.loopBound(channels);
        Parallel.forRange(chunks, 1, (cs, ce) -> {
            for (int k = cs; k < ce; k++) {
                int r0 = (int) ((long) rows * k / chunks), r1 = (int) ((long) rows * (k + 1) / chunks);
                float[] acc = new float[9 * channels]; // [tap][c]
                for (int row = r0; row < r1; row++) {
                    int img = row / height, yy = row % height;
                    for (int xx = 0; xx < width; xx++) {
                        int g = dyOff + ((img * height + yy) * width + xx) * channels;
                        for (int ky = 0; ky < 3; ky++) {
                            int iy = yy + ky - 1;
                            if (iy < 0 || iy >= height) continue;
                            for (int kx = 0; kx < 3; kx++) {
                                int ix = xx + kx - 1;
                                if (ix < 0 || ix >= width) continue;
                                int src = xOff + ((img * height + iy) * width + ix) * channels;
                                int a = (ky * 3 + kx) * channels;
                                int c = 0;
                                for (; c < vEnd; c += S.length()) {
                                    FloatVector.fromArray(S, dy, g + c).fma(FloatVector.fromArray(S, x, src + c),
                                            FloatVector.fromArray(S, acc, a + c)).intoArray(acc, a + c);
                                }
                                for (; c < channels; c++) acc[a + c] += dy[g + c] * x[src + c];
                            }
                        }
                    }
                }
                parts[k] = acc;
            }
        });
        java.util.Arrays.fill(dw, 0, 9 * channels, 0f);
        for (float[] p : parts) {
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < 9; t++) dw[c * 9 + t] += p[t * channels + c];
            }
        }
    }
}
