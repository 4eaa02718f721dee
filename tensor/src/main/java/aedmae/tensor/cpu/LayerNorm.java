package aedmae.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * LayerNorm over the last axis, forward and backward (CPU twin of kernels/layernorm.cu). Each row
 * is three vector passes: the mean, the centred variance (two passes for accuracy), the output.
 */
public final class LayerNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private LayerNorm() {}

    /**
     * y = (x - mean) * rstd * w + b per row of [rows, cols]; w, b nullable. Overwrites y, mean[rows],
     * rstd[rows].
     */
    public static void forward(float[] x, int xOff, float[] w, float[] b, float eps, int rows, int cols,
                               float[] y, int yOff, float[] mean, float[] rstd) {
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(cols, 1)), (s, e) -> {
            int vEnd = S.loopBound(cols);
            for (int r = s; r < e; r++) {
                int xo = xOff + r * cols, yo = yOff + r * cols;
                float m = Reduce.row(aedmae.tensor.ReduceOp.SUM, x, xo, cols) / cols;
                FloatVector acc = FloatVector.zero(S);
                int i = 0;
                for (; i < vEnd; i += L) {
                    FloatVector d = FloatVector.fromArray(S, x, xo + i).sub(m);
                    acc = d.fma(d, acc);
                }
                double v = acc.reduceLanes(VectorOperators.ADD);
                for (; i < cols; i++) {
                    float d = x[xo + i] - m;
                    v += d * d;
                }
                float rs = (float) (1.0 / Math.sqrt(v / cols + eps));
                mean[r] = m;
                rstd[r] = rs;
                i = 0;
                for (; i < vEnd; i += L) {
                    FloatVector o = FloatVector.fromArray(S, x, xo + i).sub(m).mul(rs);
                    if (w != null) o = o.mul(FloatVector.fromArray(S, w, i));
                    if (b != null) o = o.add(FloatVector.fromArray(S, b, i));
                    o.intoArray(y, yo + i);
                }
                for (; i < cols; i++) {
                    float o = (x[xo + i] - m) * rs;
                    if (w != null) o *= w[i];
                    if (b != null) o += b[i];
                    y[yo + i] = o;
                }
            }
        });
    }

    /**
     * dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = dy * w; dw = sum_rows dy * xhat;
     * db = sum_rows dy. Overwrites dx, dw, db (dw, db nullable).
     */
    public static void backward(float[] x, int xOff, float[] w, float[] mean, float[] rstd,
                                float[] dy, int dyOff, int rows, int cols,
                                float[] dx, int dxOff, float[] dw, float[] db) {
        int chunks = Math.max(1, Math.min(Parallel.threads(), rows));
        float[][] pdw = new float[chunks][], pdb = new float[chunks][];
        Parallel.forRange(chunks, 1, (cs, ce) -> {
            int vEnd = S.loopBound(cols);
            for (int c = cs; c < ce; c++) {
                int r0 = (int) ((long) rows * c / chunks), r1 = (int) ((long) rows * (c + 1) / chunks);
                float[] lw = dw != null ? new float[cols] : null, lb = db != null ? new float[cols] : null;
                for (int r = r0; r < r1; r++) {
                    int xo = xOff + r * cols, go = dyOff + r * cols, o = dxOff + r * cols;
                    float m = mean[r], rs = rstd[r];
                    FloatVector sg = FloatVector.zero(S), sgx = FloatVector.zero(S);
                    int i = 0;
                    for (; i < vEnd; i += L) {
                        FloatVector xhat = FloatVector.fromArray(S, x, xo + i).sub(m).mul(rs);
                        FloatVector d = FloatVector.fromArray(S, dy, go + i);
                        FloatVector g = w != null ? d.mul(FloatVector.fromArray(S, w, i)) : d;
                        sg = sg.add(g);
                        sgx = g.fma(xhat, sgx);
                        if (lw != null) d.fma(xhat, FloatVector.fromArray(S, lw, i)).intoArray(lw, i);
                        if (lb != null) d.add(FloatVector.fromArray(S, lb, i)).intoArray(lb, i);
                    }
                    double sumG = sg.reduceLanes(VectorOperators.ADD), sumGX = sgx.reduceLanes(VectorOperators.ADD);
                    for (; i < cols; i++) {
                        float xhat = (x[xo + i] - m) * rs;
                        float g = dy[go + i] * (w != null ? w[i] : 1f);
                        sumG += g;
                        sumGX += g * xhat;
                        if (lw != null) lw[i] += dy[go + i] * xhat;
                        if (lb != null) lb[i] += dy[go + i];
                    }
                    float mg = (float) (sumG / cols), mgx = (float) (sumGX / cols);
                    i = 0;
                    for (; i < vEnd; i += L) {
                        FloatVector xhat = FloatVector.fromArray(S, x, xo + i).sub(m).mul(rs);
                        FloatVector d = FloatVector.fromArray(S, dy, go + i);
                        FloatVector g = w != null ? d.mul(FloatVector.fromArray(S, w, i)) : d;
                        g.sub(mg).sub(xhat.mul(mgx)).mul(rs).intoArray(dx, o + i);
                    }
                    for (; i < cols; i++) {
                        float xhat = (x[xo + i] - m) * rs;
                        float g = dy[go + i] * (w != null ? w[i] : 1f);
                        dx[o + i] = rs * (g - mg - xhat * mgx);
                    }
                }
                pdw[c] = lw;
                pdb[c] = lb;
            }
        });
        if (dw != null) sumPartials(pdw, dw, cols);
        if (db != null) sumPartials(pdb, db, cols);
    }

    static void sumPartials(float[][] parts, float[] out, int n) {
        java.util.Arrays.fill(out, 0, n, 0f);
        for (float[] p : parts) {
            if (p == null) continue;
            for (int i = 0; i < n; i++) out[i] += p[i];
        }
    }
}
