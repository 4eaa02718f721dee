package aedmae.tensor.cpu;

/** LayerNorm over the last axis, forward and backward (CPU twin of kernels/layernorm.cu). */
public final class LayerNorm {
    private LayerNorm() {}

    /**
     * y = (x - mean) * rstd * w + b per row of [rows, cols]; w, b nullable. Overwrites y, mean[rows],
     * rstd[rows]. Two passes (mean, then centred variance) for accuracy.
     */
    public static void forward(float[] x, int xOff, float[] w, float[] b, float eps, int rows, int cols,
                               float[] y, int yOff, float[] mean, float[] rstd) {
        Parallel.forRange(rows, Math.max(1, 4096 / Math.max(cols, 1)), (s, e) -> {
            for (int r = s; r < e; r++) {
                int xo = xOff + r * cols, yo = yOff + r * cols;
                float m = Reduce.row(aedmae.tensor.ReduceOp.SUM, x, xo, cols) / cols;
                double v = 0;
                for (int i = 0; i < cols; i++) {
                    float d = x[xo + i] - m;
                    v += d * d;
                }
                float rs = (float) (1.0 / Math.sqrt(v / cols + eps));
                mean[r] = m;
                rstd[r] = rs;
                if (w != null && b != null) {
                    for (int i = 0; i < cols; i++) y[yo + i] = (x[xo + i] - m) * rs * w[i] + b[i];
                } else if (w != null) {
                    for (int i = 0; i < cols; i++) y[yo + i] = (x[xo + i] - m) * rs * w[i];
                } else {
                    for (int i = 0; i < cols; i++) y[yo + i] = (x[xo + i] - m) * rs + (b != null ? b[i] : 0f);
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
            for (int c = cs; c < ce; c++) {
                int r0 = (int) ((long) rows * c / chunks), r1 = (int) ((long) rows * (c + 1) / chunks);
                float[] lw = dw != null ? new float[cols] : null, lb = db != null ? new float[cols] : null;
                for (int r = r0; r < r1; r++) {
                    int xo = xOff + r * cols, go = dyOff + r * cols, o = dxOff + r * cols;
                    float m = mean[r], rs = rstd[r];
                    double sumG = 0, sumGX = 0;
                    for (int i = 0; i < cols; i++) {
                        float xhat = (x[xo + i] - m) * rs;
                        float g = dy[go + i] * (w != null ? w[i] : 1f);
                        sumG += g;
                        sumGX += g * xhat;
                        if (lw != null) lw[i] += dy[go + i] * xhat;
                        if (lb != null) lb[i] += dy[go + i];
                    }
                    float mg = (float) (sumG / cols), mgx = (float) (sumGX / cols);
                    for (int i = 0; i < cols; i++) {
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
