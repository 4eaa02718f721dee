package aedmae.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused multi-head attention on token-major [B, T, nh*dh] tensors (CPU twin of
 * kernels/attention.cu). Each (batch, head) pair is one task; query rows go in blocks of
 * {@link #MR}, so a block's scores, probabilities and products stay in a small per-thread buffer
 * and no B x H x T x T tensor is ever stored.
 *
 * <p>K is packed once per (batch, head) as a transpose in panels of 2L keys ([T/2L][dh][2L]: the
 * micro-kernel walks one panel contiguously). The forward pass takes {@link #ROW_BLOCK} query rows
 * at a time, so that K and V come from L2 once per block instead of once per {@link #MR} rows: the
 * scores go panel by panel (a panel of K stays in L1 for every row group of the block), and
 * O = P V goes {@link #KEY_BLOCK} keys at a time (a slice of V rows stays in L1), each row's
 * accumulators stored into O after one slice and reloaded for the next. Every output is the same
 * chain of operations in the same order as with one row group and no key blocks (the plain twin,
 * {@link #forward(float[], int, float[], int, float[], int, int, int, int, int, float, float[], int, float[], int, int)}
 * with {@code rowBlock = MR, keyBlock = T}): the same bits. The row maxima of the softmax are
 * taken while the scores are stored (a maximum does not depend on the order).
 *
 * <p>Three register-blocked micro-kernels (the GEMM's 4-row scheme) do all the arithmetic:
 * <ul>
 * <li>{@code rowsTimesPacked}: S[r][j] = sum_d A[r][d] * Xt[d][j], against a packed transpose
 *     Xt [dh][T] (scores from Q and K; dP from dO and V);</li>
 * <li>{@code probsTimesRows}: O[r][:] = sum_j P[r][j] * X[j][:] (outputs from P and V; dQ from dS and K);</li>
 * <li>{@code accumulateOuter}: Z[j][:] += sum_r P[r][j] * Y[r][:] (dV from P and dO; dK from dS and Q).</li>
 * </ul>
 * Exponentials use {@link VectorMath#expShifted} (deterministic). The backward pass recomputes
 * P from the saved log-sum-exp (as flash attention does).
 */
public final class Attention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Query rows per micro-kernel call (a row group). */
    static final int MR = 4;
    /** Query rows per block of the forward pass: they share one pass over K and V (a multiple of MR). */
    static final int ROW_BLOCK = 32;
    /** Keys per slice of V in the forward's O = P V (V rows of one head: 8-16 KiB at dh 32-64). */
    static final int KEY_BLOCK = 64;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[5][0]);

    private Attention() {}

    /**
     * out [B, T, nh*dh] = softmax(scale * Q K^T) V per head (overwritten); lse [B*nh*T], when not
     * null, gets each row's log-sum-exp (for the backward pass). q, k, v are read only.
     */
    public static void forward(float[] q, int qOff, float[] k, int kOff, float[] v, int vOff,
                               int batch, int tokens, int heads, int headDim, float scale,
                               float[] out, int outOff, float[] lse) {
        forward(q, qOff, k, kOff, v, vOff, batch, tokens, heads, headDim, scale, out, outOff, lse, ROW_BLOCK, KEY_BLOCK);
    }

    /**
     * {@link #forward} with the blocking given: rowBlock query rows per block (a multiple of MR),
     * keyBlock keys per slice of V. Every blocking gives the same bits; rowBlock = MR and
     * keyBlock >= T is the unblocked twin (for tests and benchmarks).
     */
    public static void forward(float[] q, int qOff, float[] k, int kOff, float[] v, int vOff,
                               int batch, int tokens, int heads, int headDim, float scale,
                               float[] out, int outOff, float[] lse, int rowBlock, int keyBlock) {
        if (rowBlock < MR || rowBlock % MR != 0 || keyBlock < 1) {
            throw new IllegalArgumentException("attention: row block " + rowBlock + " must be a multiple of " + MR + ", key block " + keyBlock + " positive");
        }
        int d = heads * headDim, t = tokens, tp = padded(t), rows = Math.min(rowBlock, (t + MR - 1) / MR * MR);
        Parallel.forRange(batch * heads, grain(batch * heads, t, headDim), (start, end) -> {
            float[] kt = scratch(0, headDim * tp), s = scratch(1, rows * tp), rowMax = scratch(4, rows * L);
            for (int bh = start; bh < end; bh++) {
                int b = bh / heads, h = bh % heads;
                int base = b * t * d + h * headDim;
                packPanels(k, kOff + base, d, t, headDim, kt, tp);
                for (int i0 = 0; i0 < t; i0 += rows) {
                    int rb = Math.min(rows, t - i0);
                    // S = scale * Q K^T for the block's rows, one panel of K at a time; row maxima on the way
                    java.util.Arrays.fill(rowMax, 0, rb * L, Float.NEGATIVE_INFINITY);
                    for (int j = 0; j < tp; j += 2 * L) {
                        for (int g = 0; g < rb; g += MR) {
                            int mr = Math.min(MR, rb - g);
                            scoresTile(q, qOff + base + (i0 + g) * d, d, mr, headDim, kt, j * headDim, scale, s, g * tp + j, tp);
                            tileMax(s, g * tp + j, tp, mr, Math.min(2 * L, t - j), rowMax, g * L);
                        }
                    }
                    // P = softmax(S), row by row
                    for (int r = 0; r < rb; r++) {
                        float l = softmaxRow(s, r * tp, t, maxOfLanes(rowMax, r * L));
                        if (lse != null) lse[bh * t + i0 + r] = l;
                    }
                    // O = P V, one slice of keys at a time (the rows' accumulators go through O between slices)
                    for (int j0 = 0; j0 < t; j0 += keyBlock) {
                        int n = Math.min(keyBlock, t - j0);
                        for (int g = 0; g < rb; g += MR) {
                            probsTimesRows(s, g * tp + j0, tp, Math.min(MR, rb - g), n, v, vOff + base + j0 * d, d, headDim,
                                    out, outOff + base + (i0 + g) * d, d, 1f, j0 > 0);
                        }
                    }
                }
            }
        });
    }

    public static void backward(float[] q, int qOff, float[] k, int kOff, float[] v, int vOff,
                                float[] out, int outOff, float[] lse, float[] dout, int doutOff,
                                int batch, int tokens, int heads, int headDim, float scale,
                                float[] dq, float[] dk, float[] dv) {
        int d = heads * headDim, t = tokens, tp = padded(t);
        Parallel.forRange(batch * heads, grain(batch * heads, t, headDim), (start, end) -> {
            float[] kt = scratch(0, headDim * tp), p = scratch(1, MR * tp), vt = scratch(2, headDim * tp), ds = scratch(3, MR * tp);
            for (int bh = start; bh < end; bh++) {
                int b = bh / heads, h = bh % heads;
                int base = b * t * d + h * headDim;
                packPanels(k, kOff + base, d, t, headDim, kt, tp);
                packPanels(v, vOff + base, d, t, headDim, vt, tp);
                for (int j = 0; j < t; j++) {
                    java.util.Arrays.fill(dk, base + j * d, base + j * d + headDim, 0f);
                    java.util.Arrays.fill(dv, base + j * d, base + j * d + headDim, 0f);
                }
                for (int i0 = 0; i0 < t; i0 += MR) {
                    int mr = Math.min(MR, t - i0);
                    // P = exp(S*scale - lse)
                    rowsTimesPacked(q, qOff + base + i0 * d, d, mr, headDim, kt, tp, scale, p);
                    for (int r = 0; r < mr; r++) VectorMath.expShifted(p, r * tp, p, r * tp, t, lse[bh * t + i0 + r]);
                    // dV += P^T dO
                    accumulateOuter(p, tp, mr, t, dout, doutOff + base + i0 * d, d, headDim, dv, base, d, 1f);
                    // dP = dO V^T, then dS = P * (dP - rowsum(dO * O))
                    rowsTimesPacked(dout, doutOff + base + i0 * d, d, mr, headDim, vt, tp, 1f, ds);
                    for (int r = 0; r < mr; r++) {
                        float delta = dot(dout, doutOff + base + (i0 + r) * d, out, outOff + base + (i0 + r) * d, headDim);
                        dsRow(p, ds, r * tp, t, delta);
                    }
                    // dQ = dS K * scale;  dK += dS^T Q * scale
                    probsTimesRows(ds, 0, tp, mr, t, k, kOff + base, d, headDim, dq, base + i0 * d, d, scale, false);
                    accumulateOuter(ds, tp, mr, t, q, qOff + base + i0 * d, d, headDim, dk, base, d, scale);
                }
            }
        });
    }

    /** One (batch, head) task is worth a thread only when it has real work. */
    private static int grain(int tasks, int t, int dh) {
        double work = 4.0 * t * t * dh;
        return work > 2e5 ? 1 : Math.max(1, (int) (2e5 / Math.max(work, 1)));
    }

    private static int padded(int t) {
        return (t + 2 * L - 1) / (2 * L) * (2 * L);
    }

    /**
     * The transpose of X [t][dh] (rows at stride ld) in panels of 2L keys: Xt[j / 2L][c][j % 2L] =
     * X[j][c] for j < t, zero for t <= j < tp; panel p starts at p * 2L * dh.
     */
    private static void packPanels(float[] x, int off, int ld, int t, int dh, float[] xt, int tp) {
        for (int j0 = 0; j0 < tp; j0 += 2 * L) {
            int panel = j0 * dh, n = Math.min(2 * L, t - j0);
            for (int c = 0; c < dh; c++) {
                int row = panel + c * 2 * L;
                for (int jj = 0; jj < n; jj++) xt[row + jj] = x[off + (j0 + jj) * ld + c];
                for (int jj = Math.max(n, 0); jj < 2 * L; jj++) xt[row + jj] = 0f;
            }
        }
    }

    /** S[r][j] = scale * sum_c A[r][c] * Xt[c][j] for r < mr, j < tp (S rows at stride tp). A rows at stride lda. */
    private static void rowsTimesPacked(float[] a, int aOff, int lda, int mr, int dh, float[] xt, int tp, float scale, float[] s) {
        for (int j = 0; j < tp; j += 2 * L) scoresTile(a, aOff, lda, mr, dh, xt, j * dh, scale, s, j, tp);
    }

    /**
     * One tile of scores: S[sOff + r*lds + jj] = scale * sum_c A[r][c] * panel[c][jj] for r < MR
     * (rows from mr on repeat row 0 and are written, to be ignored), jj < 2L; A rows at stride lda,
     * the panel [dh][2L] at xt[panel]. Each score is one fma chain over c in order.
     */
    private static void scoresTile(float[] a, int aOff, int lda, int mr, int dh, float[] xt, int panel, float scale,
                                   float[] s, int sOff, int lds) {
        int a0 = aOff, a1 = aOff + lda, a2 = aOff + 2 * lda, a3 = aOff + 3 * lda;
        if (mr < MR) { // clamp missing rows to row 0 (their results are discarded)
            if (mr < 2) a1 = a0;
            if (mr < 3) a2 = a0;
            a3 = a0;
        }
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int c = 0; c < dh; c++) {
            int xr = panel + c * 2 * L;
            FloatVector b0 = FloatVector.fromArray(S, xt, xr), b1 = FloatVector.fromArray(S, xt, xr + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + c]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + c]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + c]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + c]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
        }
        c00.mul(scale).intoArray(s, sOff);
        c01.mul(scale).intoArray(s, sOff + L);
        c10.mul(scale).intoArray(s, sOff + lds);
        c11.mul(scale).intoArray(s, sOff + lds + L);
        c20.mul(scale).intoArray(s, sOff + 2 * lds);
        c21.mul(scale).intoArray(s, sOff + 2 * lds + L);
        c30.mul(scale).intoArray(s, sOff + 3 * lds);
        c31.mul(scale).intoArray(s, sOff + 3 * lds + L);
    }

    /**
     * Folds n <= 2L just-stored scores of each of mr rows (S rows at stride lds from sOff) into the
     * rows' lane maxima m[mOff + r*L + lane]: whole tiles in vectors, a tile cut by the end of the
     * row (padding beyond it) element by element into lane 0. Math.max semantics (NaN wins, -0 < +0)
     * make the maximum independent of the order.
     */
    private static void tileMax(float[] s, int sOff, int lds, int mr, int n, float[] m, int mOff) {
        for (int r = 0; r < mr; r++) {
            int src = sOff + r * lds, dst = mOff + r * L;
            if (n == 2 * L) {
                FloatVector.fromArray(S, m, dst).max(FloatVector.fromArray(S, s, src)).max(FloatVector.fromArray(S, s, src + L)).intoArray(m, dst);
            } else {
                float x = m[dst];
                for (int jj = 0; jj < n; jj++) x = Math.max(x, s[src + jj]);
                m[dst] = x;
            }
        }
    }

    /** The maximum of m[off, off + L). */
    private static float maxOfLanes(float[] m, int off) {
        float x = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < L; i++) x = Math.max(x, m[off + i]);
        return x;
    }

    /**
     * O[r][c] = alpha * sum_{j<t} P[r][j] * X[j][c] for r < mr, c < dh; P rows at stride tp from
     * pOff, X rows at stride ldx, O rows at stride ldo. With accumulate, the sums continue from
     * O's current values (alpha must be 1): a run of keys split into slices, one call per slice, gives
     * the bits of one call over the whole run. Vector chunks of 2L and L columns, scalar columns
     * after. The results are stored here, with no helper taking a vector (one that C2 does not
     * inline boxes it); a product by alpha = 1 is exact, so it needs no branch.
     */
    private static void probsTimesRows(float[] p, int pOff, int tp, int mr, int t, float[] x, int xOff, int ldx, int dh,
                                       float[] o, int oOff, int ldo, float alpha, boolean accumulate) {
        if (accumulate && alpha != 1f) throw new IllegalArgumentException("probsTimesRows: accumulate needs alpha 1, got " + alpha);
        int p0 = pOff, p1 = pOff + tp, p2 = pOff + 2 * tp, p3 = pOff + 3 * tp;
        int c = 0;
        for (; c + 2 * L <= dh; c += 2 * L) {
            int dst = oOff + c;
            FloatVector z = FloatVector.zero(S);
            FloatVector r00 = z, r01 = z, r10 = z, r11 = z, r20 = z, r21 = z, r30 = z, r31 = z;
            if (accumulate) {
                r00 = FloatVector.fromArray(S, o, dst);
                r01 = FloatVector.fromArray(S, o, dst + L);
                if (mr > 1) { r10 = FloatVector.fromArray(S, o, dst + ldo); r11 = FloatVector.fromArray(S, o, dst + ldo + L); }
                if (mr > 2) { r20 = FloatVector.fromArray(S, o, dst + 2 * ldo); r21 = FloatVector.fromArray(S, o, dst + 2 * ldo + L); }
                if (mr > 3) { r30 = FloatVector.fromArray(S, o, dst + 3 * ldo); r31 = FloatVector.fromArray(S, o, dst + 3 * ldo + L); }
            }
            for (int j = 0; j < t; j++) {
                int xr = xOff + j * ldx + c;
                FloatVector b0 = FloatVector.fromArray(S, x, xr), b1 = FloatVector.fromArray(S, x, xr + L);
                FloatVector w0 = FloatVector.broadcast(S, p[p0 + j]);
                r00 = w0.fma(b0, r00);
                r01 = w0.fma(b1, r01);
                FloatVector w1 = FloatVector.broadcast(S, p[p1 + j]);
                r10 = w1.fma(b0, r10);
                r11 = w1.fma(b1, r11);
                FloatVector w2 = FloatVector.broadcast(S, p[p2 + j]);
                r20 = w2.fma(b0, r20);
                r21 = w2.fma(b1, r21);
                FloatVector w3 = FloatVector.broadcast(S, p[p3 + j]);
                r30 = w3.fma(b0, r30);
                r31 = w3.fma(b1, r31);
            }
            r00.mul(alpha).intoArray(o, dst);
            r01.mul(alpha).intoArray(o, dst + L);
            if (mr > 1) { r10.mul(alpha).intoArray(o, dst + ldo); r11.mul(alpha).intoArray(o, dst + ldo + L); }
            if (mr > 2) { r20.mul(alpha).intoArray(o, dst + 2 * ldo); r21.mul(alpha).intoArray(o, dst + 2 * ldo + L); }
            if (mr > 3) { r30.mul(alpha).intoArray(o, dst + 3 * ldo); r31.mul(alpha).intoArray(o, dst + 3 * ldo + L); }
        }
        for (; c + L <= dh; c += L) {
            int dst = oOff + c;
            FloatVector z = FloatVector.zero(S);
            FloatVector r0 = z, r1 = z, r2 = z, r3 = z;
            if (accumulate) {
                r0 = FloatVector.fromArray(S, o, dst);
                if (mr > 1) r1 = FloatVector.fromArray(S, o, dst + ldo);
                if (mr > 2) r2 = FloatVector.fromArray(S, o, dst + 2 * ldo);
                if (mr > 3) r3 = FloatVector.fromArray(S, o, dst + 3 * ldo);
            }
            for (int j = 0; j < t; j++) {
                FloatVector b0 = FloatVector.fromArray(S, x, xOff + j * ldx + c);
                r0 = b0.fma(FloatVector.broadcast(S, p[p0 + j]), r0);
                r1 = b0.fma(FloatVector.broadcast(S, p[p1 + j]), r1);
                r2 = b0.fma(FloatVector.broadcast(S, p[p2 + j]), r2);
                r3 = b0.fma(FloatVector.broadcast(S, p[p3 + j]), r3);
            }
            r0.mul(alpha).intoArray(o, dst);
            if (mr > 1) r1.mul(alpha).intoArray(o, dst + ldo);
            if (mr > 2) r2.mul(alpha).intoArray(o, dst + 2 * ldo);
            if (mr > 3) r3.mul(alpha).intoArray(o, dst + 3 * ldo);
        }
        for (; c < dh; c++) {
            for (int r = 0; r < mr; r++) {
                int dst = oOff + r * ldo + c;
                float acc = accumulate ? o[dst] : 0f;
                for (int j = 0; j < t; j++) acc += p[pOff + r * tp + j] * x[xOff + j * ldx + c];
                o[dst] = alpha * acc;
            }
        }
    }

    /** Z[j][c] += alpha * sum_{r<mr} P[r][j] * Y[r][c] for j < t, c < dh; Y rows at stride ldy, Z rows at stride ldz. */
    private static void accumulateOuter(float[] p, int tp, int mr, int t, float[] y, int yOff, int ldy, int dh,
                                        float[] z, int zOff, int ldz, float alpha) {
        int c = 0;
        for (; c + L <= dh; c += L) {
            FloatVector y0 = FloatVector.fromArray(S, y, yOff + c).mul(alpha);
            FloatVector y1 = mr > 1 ? FloatVector.fromArray(S, y, yOff + ldy + c).mul(alpha) : FloatVector.zero(S);
            FloatVector y2 = mr > 2 ? FloatVector.fromArray(S, y, yOff + 2 * ldy + c).mul(alpha) : FloatVector.zero(S);
            FloatVector y3 = mr > 3 ? FloatVector.fromArray(S, y, yOff + 3 * ldy + c).mul(alpha) : FloatVector.zero(S);
            for (int j = 0; j < t; j++) {
                int dst = zOff + j * ldz + c;
                FloatVector acc = FloatVector.fromArray(S, z, dst);
                acc = y0.fma(FloatVector.broadcast(S, p[j]), acc);
                if (mr > 1) acc = y1.fma(FloatVector.broadcast(S, p[tp + j]), acc);
                if (mr > 2) acc = y2.fma(FloatVector.broadcast(S, p[2 * tp + j]), acc);
                if (mr > 3) acc = y3.fma(FloatVector.broadcast(S, p[3 * tp + j]), acc);
                acc.intoArray(z, dst);
            }
        }
        for (; c < dh; c++) {
            for (int j = 0; j < t; j++) {
                float acc = 0f;
                for (int r = 0; r < mr; r++) acc += p[r * tp + j] * y[yOff + r * ldy + c];
                z[zOff + j * ldz + c] += alpha * acc;
            }
        }
    }

    /** In place: s[off..off+t) <- softmax, given the row's maximum; returns the log-sum-exp. */
    private static float softmaxRow(float[] s, int off, int t, float max) {
        float sum = VectorMath.expShifted(s, off, s, off, t, max);
        float inv = 1f / sum;
        int j = 0;
        for (int end = S.loopBound(t); j < end; j += L) FloatVector.fromArray(S, s, off + j).mul(inv).intoArray(s, off + j);
        for (; j < t; j++) s[off + j] *= inv;
        return max + (float) Math.log(sum);
    }

    /** ds <- p * (ds - delta) over [off, off+t). */
    private static void dsRow(float[] p, float[] ds, int off, int t, float delta) {
        int j = 0;
        for (int end = S.loopBound(t); j < end; j += L) {
            FloatVector.fromArray(S, ds, off + j).sub(delta).mul(FloatVector.fromArray(S, p, off + j)).intoArray(ds, off + j);
        }
        for (; j < t; j++) ds[off + j] = p[off + j] * (ds[off + j] - delta);
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int end = S.loopBound(n); i < end; i += L) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    private static float[] scratch(int slot, int n) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < n) s[slot] = new float[n];
        return s[slot];
    }
}
