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
        int image = height * width * channels;
        correlate(x, xOff, image, taps(w, wOff, channels, false), null, n, height, width, channels, y, yOff, image);
    }

    /**
     * The fused CvT projection for inference: depthwise 3x3 then BatchNorm with fixed statistics,
     * y = conv(x) * scale + shift with scale, shift from {@link BatchNorm#affine}, in one pass
     * over memory. Image i is read at xOff + i*xImageStride and written at yOff + i*yImageStride,
     * so the grid tokens of a [B, 1+h*w, D] tensor are read and written in place around the [CLS]
     * row. Same bits as {@link #forward} followed by {@link BatchNorm#forward} (its plain twin).
     */
    public static void forwardBatchNorm(float[] x, int xOff, int xImageStride, float[] w, int wOff,
                                        float[] mean, float[] var, float[] bnW, float[] bnB, float eps,
                                        int n, int height, int width, int channels, float[] y, int yOff, int yImageStride) {
        correlate(x, xOff, xImageStride, taps(w, wOff, channels, false), BatchNorm.affine(mean, var, bnW, bnB, eps, channels),
                n, height, width, channels, y, yOff, yImageStride);
    }

    private static final ThreadLocal<float[]> ZERO_ROW = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * 3x3 correlation with taps [9, C] (zero padding); shared by forward and input-gradient.
     * For each output row and each chunk of L channels, the nine tap vectors stay in registers
     * while the row's pixels stream by; a row above or below the image reads a shared zero row,
     * so the inner loop has no branch. With affine = {scale, shift} each output is then
     * multiplied by scale and shifted (a BatchNorm with fixed statistics).
     */
    private static void correlate(float[] x, int xOff, int xImage, float[] t, float[][] affine, int n, int height, int width, int channels,
                                  float[] y, int yOff, int yImage) {
        int rowWork = width * channels * 9;
        int rowLen = width * channels;
        Parallel.forRange(n * height, Math.max(1, 200_000 / Math.max(rowWork, 1)), (s, e) -> {
            float[] zero = ZERO_ROW.get();
            if (zero.length < rowLen) {
                zero = new float[rowLen];
                ZERO_ROW.set(zero);
            }
            float[][] arr = new float[3][];
            int[] off = new int[3];
            int vEnd = S.loopBound(channels);
            for (int row = s; row < e; row++) {
                int img = row / height, yy = row % height;
                for (int ky = 0; ky < 3; ky++) {
                    int iy = yy + ky - 1;
                    boolean inside = iy >= 0 && iy < height;
                    arr[ky] = inside ? x : zero;
                    off[ky] = inside ? xOff + img * xImage + iy * rowLen : 0;
                }
                int dst = yOff + img * yImage + yy * rowLen;
                for (int c = 0; c < vEnd; c += L) rowChunk(arr, off, t, channels, width, c, y, dst);
                if (vEnd < channels) {
                    int[] rows = {arr[0] == x ? off[0] : -1, arr[1] == x ? off[1] : -1, arr[2] == x ? off[2] : -1};
                    for (int xx = 0; xx < width; xx++) tailChannels(x, rows, t, channels, width, xx, vEnd, y, dst + xx * channels);
                }
                if (affine != null) BatchNorm.applyRow(y, dst, width, channels, affine[0], affine[1]);
            }
        });
    }

    /** Channels [c, c+L) of one output row: taps in registers, interior pixels branch-free. */
    private static void rowChunk(float[][] arr, int[] off, float[] t, int channels, int width, int c, float[] y, int dst) {
        float[] x0 = arr[0], x1 = arr[1], x2 = arr[2];
        int o0 = off[0] + c, o1 = off[1] + c, o2 = off[2] + c;
        FloatVector t00 = FloatVector.fromArray(S, t, c), t01 = FloatVector.fromArray(S, t, channels + c), t02 = FloatVector.fromArray(S, t, 2 * channels + c);
        FloatVector t10 = FloatVector.fromArray(S, t, 3 * channels + c), t11 = FloatVector.fromArray(S, t, 4 * channels + c), t12 = FloatVector.fromArray(S, t, 5 * channels + c);
        FloatVector t20 = FloatVector.fromArray(S, t, 6 * channels + c), t21 = FloatVector.fromArray(S, t, 7 * channels + c), t22 = FloatVector.fromArray(S, t, 8 * channels + c);
        if (width == 1) {
            t11.mul(FloatVector.fromArray(S, x1, o1)).add(t01.mul(FloatVector.fromArray(S, x0, o0))).add(t21.mul(FloatVector.fromArray(S, x2, o2)))
                    .intoArray(y, dst + c);
            return;
        }
        // first column: no left neighbour
        FloatVector acc = FloatVector.fromArray(S, x0, o0).mul(t01).add(FloatVector.fromArray(S, x0, o0 + channels).mul(t02))
                .add(FloatVector.fromArray(S, x1, o1).mul(t11)).add(FloatVector.fromArray(S, x1, o1 + channels).mul(t12))
                .add(FloatVector.fromArray(S, x2, o2).mul(t21)).add(FloatVector.fromArray(S, x2, o2 + channels).mul(t22));
        acc.intoArray(y, dst + c);
        for (int xx = 1; xx < width - 1; xx++) {
            int b = (xx - 1) * channels;
            FloatVector a = FloatVector.fromArray(S, x0, o0 + b).mul(t00);
            a = FloatVector.fromArray(S, x0, o0 + b + channels).fma(t01, a);
            a = FloatVector.fromArray(S, x0, o0 + b + 2 * channels).fma(t02, a);
            a = FloatVector.fromArray(S, x1, o1 + b).fma(t10, a);
            a = FloatVector.fromArray(S, x1, o1 + b + channels).fma(t11, a);
            a = FloatVector.fromArray(S, x1, o1 + b + 2 * channels).fma(t12, a);
            a = FloatVector.fromArray(S, x2, o2 + b).fma(t20, a);
            a = FloatVector.fromArray(S, x2, o2 + b + channels).fma(t21, a);
            a = FloatVector.fromArray(S, x2, o2 + b + 2 * channels).fma(t22, a);
            a.intoArray(y, dst + xx * channels + c);
        }
        // last column: no right neighbour
        int b = (width - 2) * channels;
        acc = FloatVector.fromArray(S, x0, o0 + b).mul(t00).add(FloatVector.fromArray(S, x0, o0 + b + channels).mul(t01))
                .add(FloatVector.fromArray(S, x1, o1 + b).mul(t10)).add(FloatVector.fromArray(S, x1, o1 + b + channels).mul(t11))
                .add(FloatVector.fromArray(S, x2, o2 + b).mul(t20)).add(FloatVector.fromArray(S, x2, o2 + b + channels).mul(t21));
        acc.intoArray(y, dst + (width - 1) * channels + c);
    }

    /** The channels past the last full vector, for one output pixel (rows[k] = -1 outside the image). */
    private static void tailChannels(float[] x, int[] rows, float[] t, int channels, int width, int xx, int from, float[] y, int dst) {
        for (int c = from; c < channels; c++) {
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
            int image = height * width * channels;
            correlate(dy, dyOff, image, taps(w, wOff, channels, true), null, n, height, width, channels, dx, dxOff, image);
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

    /** acc[a + {0, C, 2C}] += the three taps' sums over one row's interior pixels (channels [c, c+L)). */
    private static void rowTaps(float[] x, int src, float[] dy, int g, int width, int channels, float[] acc, int a) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0;
        for (int xx = 1; xx < width - 1; xx++) {
            FloatVector d = FloatVector.fromArray(S, dy, g + xx * channels);
            int o = src + (xx - 1) * channels;
            a0 = d.fma(FloatVector.fromArray(S, x, o), a0);
            a1 = d.fma(FloatVector.fromArray(S, x, o + channels), a1);
            a2 = d.fma(FloatVector.fromArray(S, x, o + 2 * channels), a2);
        }
        FloatVector.fromArray(S, acc, a).add(a0).intoArray(acc, a);
        FloatVector.fromArray(S, acc, a + channels).add(a1).intoArray(acc, a + channels);
        FloatVector.fromArray(S, acc, a + 2 * channels).add(a2).intoArray(acc, a + 2 * channels);
    }

    /** Per-tap sums [9][C] over output rows [r0, r1) (row = image * height + y). */
    private static float[] weightGradient(float[] x, int xOff, float[] dy, int dyOff, int height, int width, int channels, int r0, int r1) {
        float[] acc = new float[9 * channels];
        int vEnd = S.loopBound(channels);
        // Vector accumulators live only inside the innermost loop and are added to acc after
        // each image row: C2 (JDK 17) boxes vectors carried across nested loops or branches,
        // which allocated ~100 bytes per multiply-add here.
        for (int c = 0; c < vEnd; c += L) {
            for (int row = r0; row < r1; row++) {
                int img = row / height, yy = row % height;
                int g = dyOff + (img * height + yy) * width * channels + c;
                for (int ky = 0; ky < 3; ky++) {
                    int iy = yy + ky - 1;
                    if (iy < 0 || iy >= height) continue;
                    int src = xOff + (img * height + iy) * width * channels + c;
                    rowTaps(x, src, dy, g, width, channels, acc, 3 * ky * channels + c);
                }
            }
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
