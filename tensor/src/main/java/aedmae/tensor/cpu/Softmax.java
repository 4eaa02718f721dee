package aedmae.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Row softmax and its backward (CPU twin of kernels/softmax.cu). */
public final class Softmax {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Softmax() {}

    /** y = exp(x - max) / sum per row of [rows, cols]; y may alias x. */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(cols, 1)), (s, e) -> {
            for (int r = s; r < e; r++) row(x, xOff + r * cols, y, yOff + r * cols, cols);
        });
    }

    static void row(float[] x, int xo, float[] y, int yo, int n) {
        float max = Reduce.row(aedmae.tensor.ReduceOp.MAX, x, xo, n);
        if (max == Float.NEGATIVE_INFINITY) max = 0f; // a fully masked row gives NaN, as PyTorch; keep exp finite
        float[] src = x;
        int so = xo;
        if (y == x && yo != xo) { // overlapping rows: copy first, then in place
            System.arraycopy(x, xo, y, yo, n);
            so = yo;
        }
        float inv = 1f / VectorMath.expShifted(src, so, y, yo, n, max);
        int i = 0;
        for (int vEnd = S.loopBound(n); i < vEnd; i += S.length()) {
            FloatVector.fromArray(S, y, yo + i).mul(inv).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] *= inv;
    }

    /** dx = y * (dy - sum(dy * y)) per row. */
    public static void backward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int rows, int cols) {
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(cols, 1)), (s, e) -> {
            for (int r = s; r < e; r++) {
                int yo = yOff + r * cols, go = dyOff + r * cols, xo = dxOff + r * cols;
                int i = 0;
                FloatVector acc = FloatVector.zero(S);
                int vEnd = S.loopBound(cols);
                for (; i < vEnd; i += S.length()) {
                    acc = FloatVector.fromArray(S, y, yo + i).fma(FloatVector.fromArray(S, dy, go + i), acc);
                }
                float dot = acc.reduceLanes(VectorOperators.ADD);
                for (; i < cols; i++) dot += y[yo + i] * dy[go + i];
                for (i = 0; i < cols; i++) dx[xo + i] = y[yo + i] * (dy[go + i] - dot);
            }
        });
    }
}
