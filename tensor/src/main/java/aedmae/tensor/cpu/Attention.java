package aedmae.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused multi-head attention on token-major [B, T, nh*dh] tensors (CPU twin of
 * kernels/attention.cu). Each (batch, head) pair is one task; query rows go in blocks of
 * {@link #FORWARD_ROWS} (forward) or {@link #MR} (backward), so a block's scores, probabilities
 * and products stay in a small per-thread buffer and no B x H x T x T tensor is ever stored.
 *
 * <p>Register-blocked micro-kernels do all the arithmetic, 8 query rows at a time forward and 4
 * backward (each row's sums run in the same order either way, so the block size changes no bit):
 * <ul>
 * <li>{@code scoresAndMax}: the forward's scores of 8 rows, S = scale Q K^T against K packed
 *     transposed, and each row's maximum;</li>
 * <li>{@code probsTimesRows8}: the forward's outputs of 8 rows, O = P V;</li>
 * <li>{@code rowsTimesPacked}: S[r][j] = sum_d A[r][d] * Xt[d][j], against a packed transpose
 *     Xt [dh][T] (scores from Q and K; dP from dO and V);</li>
 * <li>{@code probsTimesRows}: O[r][:] = sum_j P[r][j] * X[j][:] (outputs from P and V; dQ from dS and K);</li>
 * <li>{@code accumulateOuter}: Z[j][:] += sum_r P[r][j] * Y[r][:] (dV from P and dO; dK from dS and Q).</li>
 * </ul>
 * Exponentials use {@link VectorMath#expShifted} (deterministic). The forward's scores kernel
 * also takes each row's maximum (the softmax's shift) from the block of scores it has just stored,
 * still in L1: no separate pass, and the bits of one (a maximum is exact). The backward pass
 * recomputes P from the saved log-sum-exp (as flash attention does).
 *
 * <p>JDK 17's C2 boxed vectors on the heap (gigabytes per batch, in some JVM runs and not others)
 * when they lived on across a branch after their loop (bench/RESULTS.md, issue 16, 2026-12-04): the
 * 8-row forward kernels store their accumulators straight after their loops, with no branch
 * between (the older 4-row kernels still branch on a last block's row count).
 *
 * <p>Two softmax modes for inference (no log-sum-exp wanted, i.e. autograd off): {@code exact}
 * (the default, the same bits as training's forward) normalises P before P.V; {@code folded}
 * ({@code -Daedmae.attention=folded} or {@link #setMode}) multiplies the T x dh output block by
 * 1 / sum instead of the T x T probabilities (one pass less over the scores; other rounding, so
 * other bits). With a log-sum-exp wanted (training), the exact mode always runs.
 */
public final class Attention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Query rows per block of the backward pass (its kernels' register tile: 4 rows x 2L columns, 8 accumulators). */
    static final int MR = 4;
    /** Query rows per block of the forward pass (16 accumulators: AVX-512 has 32 vector registers). */
    static final int FORWARD_ROWS = 8;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);
    /** Per thread: the lane maxima of a forward block's score rows (through memory: no vector carried across the loop). */
    private static final ThreadLocal<float[]> LANE_MAX = ThreadLocal.withInitial(() -> new float[FORWARD_ROWS * L]);

    /** Inference's softmax mode: false = exact (default), true = folded (see the class comment). */
    private static volatile boolean folded = parseMode(System.getProperty("aedmae.attention", "exact"));

    private Attention() {}

    /** Selects inference's softmax mode: "exact" (the default, training's bits) or "folded" (1 / sum applied to the outputs). */
    public static void setMode(String name) {
        folded = parseMode(name);
    }

    /** The softmax mode for inference: "exact" or "folded". */
    public static String mode() {
        return folded ? "folded" : "exact";
    }

    private static boolean parseMode(String name) {
        return switch (name) {
            case "exact" -> false;
            case "folded" -> true;
            default -> throw new IllegalArgumentException("aedmae.attention must be exact or folded, got " + name);
        };
    }

    public static void forward(float[] q, int qOff, float[] k, int kOff, float[] v, int vOff,
                               int batch, int tokens, int heads, int headDim, float scale,
                               float[] out, int outOff, float[] lse) {
        int d = heads * headDim, t = tokens, tp = padded(t);
        boolean fold = folded && lse == null;
        Parallel.forRange(batch * heads, grain(batch * heads, t, headDim), (start, end) -> {
            float[] kt = scratch(0, headDim * tp), s = scratch(1, FORWARD_ROWS * tp);
            float[] max = new float[FORWARD_ROWS], alpha = new float[FORWARD_ROWS];
            java.util.Arrays.fill(alpha, 1f);
            for (int bh = start; bh < end; bh++) {
                int b = bh / heads, h = bh % heads;
                int base = b * t * d + h * headDim;
                packTransposed(k, kOff + base, d, t, headDim, kt, tp);
                for (int i0 = 0; i0 < t; i0 += FORWARD_ROWS) {
                    int mr = Math.min(FORWARD_ROWS, t - i0);
                    scoresAndMax(q, qOff + base + i0 * d, d, mr, headDim, kt, tp, scale, s, t, max);
                    for (int r = 0; r < mr; r++) {
                        float sum = VectorMath.expShifted(s, r * tp, s, r * tp, t, max[r]);
                        if (fold) alpha[r] = 1f / sum; // the softmax's normalisation, applied to the row's outputs
                        else normalise(s, r * tp, t, 1f / sum);
                        if (lse != null) lse[bh * t + i0 + r] = max[r] + (float) Math.log(sum);
                    }
                    int o0 = outOff + base + i0 * d;
                    if (mr == FORWARD_ROWS) probsTimesRows8(s, tp, t, v, vOff + base, d, headDim, out, o0, d, alpha);
                    else { // the last block: its rows by the 4-row kernel (the same operations per row)
                        probsTimesRows(s, tp, 0, Math.min(mr, MR), t, v, vOff + base, d, 0, headDim, out, o0, d, alpha);
                        if (mr > MR) probsTimesRows(s, tp, MR, mr - MR, t, v, vOff + base, d, 0, headDim, out, o0 + MR * d, d, alpha);
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
            float[] dqScale = {scale, scale, scale, scale};
            for (int bh = start; bh < end; bh++) {
                int b = bh / heads, h = bh % heads;
                int base = b * t * d + h * headDim;
                packTransposed(k, kOff + base, d, t, headDim, kt, tp);
                packTransposed(v, vOff + base, d, t, headDim, vt, tp);
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
                    probsTimesRows(ds, tp, 0, mr, t, k, kOff + base, d, 0, headDim, dq, base + i0 * d, d, dqScale);
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

    /** Xt[c][j] = X[j][c] for j < t (zero beyond), X rows of length dh at stride ld. */
    private static void packTransposed(float[] x, int off, int ld, int t, int dh, float[] xt, int tp) {
        for (int c = 0; c < dh; c++) {
            int row = c * tp;
            for (int j = 0; j < t; j++) xt[row + j] = x[off + j * ld + c];
            for (int j = t; j < tp; j++) xt[row + j] = 0f;
        }
    }

    /** S[r][j] = scale * sum_c A[r][c] * Xt[c][j] for r < mr, j < tp. A rows at stride lda. */
    private static void rowsTimesPacked(float[] a, int aOff, int lda, int mr, int dh, float[] xt, int tp, float scale, float[] s) {
        int a0 = aOff, a1 = aOff + lda, a2 = aOff + 2 * lda, a3 = aOff + 3 * lda;
        if (mr < MR) { // clamp missing rows to row 0 (their results are discarded)
            if (mr < 2) a1 = a0;
            if (mr < 3) a2 = a0;
            a3 = a0;
        }
        for (int j = 0; j < tp; j += 2 * L) {
            FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
            FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
            for (int c = 0; c < dh; c++) {
                FloatVector b0 = FloatVector.fromArray(S, xt, c * tp + j), b1 = FloatVector.fromArray(S, xt, c * tp + j + L);
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
            c00.mul(scale).intoArray(s, j);
            c01.mul(scale).intoArray(s, j + L);
            c10.mul(scale).intoArray(s, tp + j);
            c11.mul(scale).intoArray(s, tp + j + L);
            c20.mul(scale).intoArray(s, 2 * tp + j);
            c21.mul(scale).intoArray(s, 2 * tp + j + L);
            c30.mul(scale).intoArray(s, 3 * tp + j);
            c31.mul(scale).intoArray(s, 3 * tp + j + L);
        }
    }

    /**
     * The forward's scores of up to 8 rows: S[r][j] = scale * sum_c A[r][c] * Xt[c][j] for r < mr,
     * j < tp (A rows at stride lda), and max[r] = the maximum of S[r][0, t): lane maxima of the
     * blocks of 2L columns inside t as they are stored, the rest from S (a maximum is exact: the
     * value a separate pass gives). Missing rows are clamped to row 0, their results discarded.
     */
    private static void scoresAndMax(float[] a, int aOff, int lda, int mr, int dh, float[] xt, int tp, float scale, float[] s,
                                         int t, float[] max) {
        float[] lanes = LANE_MAX.get(); // through memory: no vector carried across the loop
        java.util.Arrays.fill(lanes, Float.NEGATIVE_INFINITY);
        int a0 = aOff, a1 = aOff + lda, a2 = aOff + 2 * lda, a3 = aOff + 3 * lda, a4 = aOff + 4 * lda, a5 = aOff + 5 * lda, a6 = aOff + 6 * lda, a7 = aOff + 7 * lda;
        if (mr < FORWARD_ROWS) { // clamp missing rows to row 0 (their results are discarded)
            if (mr < 2) a1 = a0;
            if (mr < 3) a2 = a0;
            if (mr < 4) a3 = a0;
            if (mr < 5) a4 = a0;
            if (mr < 6) a5 = a0;
            if (mr < 7) a6 = a0;
            a7 = a0;
        }
        for (int j = 0; j < tp; j += 2 * L) {
            FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
            FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
            FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
            FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
            for (int c = 0; c < dh; c++) {
                FloatVector b0 = FloatVector.fromArray(S, xt, c * tp + j), b1 = FloatVector.fromArray(S, xt, c * tp + j + L);
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
                FloatVector x4 = FloatVector.broadcast(S, a[a4 + c]);
                c40 = x4.fma(b0, c40);
                c41 = x4.fma(b1, c41);
                FloatVector x5 = FloatVector.broadcast(S, a[a5 + c]);
                c50 = x5.fma(b0, c50);
                c51 = x5.fma(b1, c51);
                FloatVector x6 = FloatVector.broadcast(S, a[a6 + c]);
                c60 = x6.fma(b0, c60);
                c61 = x6.fma(b1, c61);
                FloatVector x7 = FloatVector.broadcast(S, a[a7 + c]);
                c70 = x7.fma(b0, c70);
                c71 = x7.fma(b1, c71);
            }
            c00.mul(scale).intoArray(s, j); c01.mul(scale).intoArray(s, j + L);
            c10.mul(scale).intoArray(s, tp + j); c11.mul(scale).intoArray(s, tp + j + L);
            c20.mul(scale).intoArray(s, 2 * tp + j); c21.mul(scale).intoArray(s, 2 * tp + j + L);
            c30.mul(scale).intoArray(s, 3 * tp + j); c31.mul(scale).intoArray(s, 3 * tp + j + L);
            c40.mul(scale).intoArray(s, 4 * tp + j); c41.mul(scale).intoArray(s, 4 * tp + j + L);
            c50.mul(scale).intoArray(s, 5 * tp + j); c51.mul(scale).intoArray(s, 5 * tp + j + L);
            c60.mul(scale).intoArray(s, 6 * tp + j); c61.mul(scale).intoArray(s, 6 * tp + j + L);
            c70.mul(scale).intoArray(s, 7 * tp + j); c71.mul(scale).intoArray(s, 7 * tp + j + L);
            // the block's maxima from the scores just stored (in L1), not from the accumulators: with
            // the accumulators living on into this branch, C2 boxed them on the heap in some JVM
            // runs (JFR: 0.5-2.9 GB per avenue batch at these lines)
            if (j + 2 * L <= t) {
                for (int r = 0; r < FORWARD_ROWS; r++) {
                    FloatVector.fromArray(S, lanes, r * L).max(FloatVector.fromArray(S, s, r * tp + j)).max(FloatVector.fromArray(S, s, r * tp + j + L))
                            .intoArray(lanes, r * L);
                }
            }
        }
        int tail = t / (2 * L) * (2 * L);
        for (int r = 0; r < mr; r++) {
            float m = FloatVector.fromArray(S, lanes, r * L).reduceLanes(VectorOperators.MAX);
            for (int j = tail; j < t; j++) m = Math.max(m, s[r * tp + j]);
            max[r] = m;
        }
    }

    /**
     * The forward's outputs of a full block of 8 rows: O[r][c] = alpha[r] * sum_{j<t} P[r][j] * X[j][c]
     * (X rows at stride ldx, O rows at stride ldo): chunks of 2L columns here, the columns after
     * them by the 4-row kernel, rows 0-3 then 4-7 (the same operations per element). All 8 rows
     * are stored with no branch: accumulators kept alive across branches are what C2 boxed on the
     * heap in some JVM runs (a last block of fewer rows goes to the 4-row kernel instead).
     */
    private static void probsTimesRows8(float[] p, int tp, int t, float[] x, int xOff, int ldx, int dh,
                                        float[] o, int oOff, int ldo, float[] alpha) {
        int c = 0;
        for (; c + 2 * L <= dh; c += 2 * L) {
            FloatVector z = FloatVector.zero(S);
            FloatVector r00 = z, r01 = z, r10 = z, r11 = z, r20 = z, r21 = z, r30 = z, r31 = z;
            FloatVector r40 = z, r41 = z, r50 = z, r51 = z, r60 = z, r61 = z, r70 = z, r71 = z;
            for (int j = 0; j < t; j++) {
                int xr = xOff + j * ldx + c;
                FloatVector b0 = FloatVector.fromArray(S, x, xr), b1 = FloatVector.fromArray(S, x, xr + L);
                FloatVector w0 = FloatVector.broadcast(S, p[j]);
                r00 = w0.fma(b0, r00);
                r01 = w0.fma(b1, r01);
                FloatVector w1 = FloatVector.broadcast(S, p[tp + j]);
                r10 = w1.fma(b0, r10);
                r11 = w1.fma(b1, r11);
                FloatVector w2 = FloatVector.broadcast(S, p[2 * tp + j]);
                r20 = w2.fma(b0, r20);
                r21 = w2.fma(b1, r21);
                FloatVector w3 = FloatVector.broadcast(S, p[3 * tp + j]);
                r30 = w3.fma(b0, r30);
                r31 = w3.fma(b1, r31);
                FloatVector w4 = FloatVector.broadcast(S, p[4 * tp + j]);
                r40 = w4.fma(b0, r40);
                r41 = w4.fma(b1, r41);
                FloatVector w5 = FloatVector.broadcast(S, p[5 * tp + j]);
                r50 = w5.fma(b0, r50);
                r51 = w5.fma(b1, r51);
                FloatVector w6 = FloatVector.broadcast(S, p[6 * tp + j]);
                r60 = w6.fma(b0, r60);
                r61 = w6.fma(b1, r61);
                FloatVector w7 = FloatVector.broadcast(S, p[7 * tp + j]);
                r70 = w7.fma(b0, r70);
                r71 = w7.fma(b1, r71);
            }
            int dst = oOff + c;
            r00.mul(alpha[0]).intoArray(o, dst); r01.mul(alpha[0]).intoArray(o, dst + L);
            r10.mul(alpha[1]).intoArray(o, dst + ldo); r11.mul(alpha[1]).intoArray(o, dst + ldo + L);
            r20.mul(alpha[2]).intoArray(o, dst + 2 * ldo); r21.mul(alpha[2]).intoArray(o, dst + 2 * ldo + L);
            r30.mul(alpha[3]).intoArray(o, dst + 3 * ldo); r31.mul(alpha[3]).intoArray(o, dst + 3 * ldo + L);
            r40.mul(alpha[4]).intoArray(o, dst + 4 * ldo); r41.mul(alpha[4]).intoArray(o, dst + 4 * ldo + L);
            r50.mul(alpha[5]).intoArray(o, dst + 5 * ldo); r51.mul(alpha[5]).intoArray(o, dst + 5 * ldo + L);
            r60.mul(alpha[6]).intoArray(o, dst + 6 * ldo); r61.mul(alpha[6]).intoArray(o, dst + 6 * ldo + L);
            r70.mul(alpha[7]).intoArray(o, dst + 7 * ldo); r71.mul(alpha[7]).intoArray(o, dst + 7 * ldo + L);
        }
        if (c == dh) return;
        probsTimesRows(p, tp, 0, MR, t, x, xOff, ldx, c, dh, o, oOff, ldo, alpha);
        probsTimesRows(p, tp, MR, MR, t, x, xOff, ldx, c, dh, o, oOff + MR * ldo, ldo, alpha);
    }
    /**
     * O[r][c] = alpha[row0 + r] * sum_{j<t} P[row0 + r][j] * X[j][c] for r < mr (at most 4), c0 <= c < dh;
     * X rows at stride ldx, O rows at stride ldo. Vector chunks of 2L and L columns, scalar columns
     * after. The results are stored here, with no helper taking a vector (one that C2 does not
     * inline boxes it); a product by alpha = 1 is exact, so it needs no branch.
     */
    private static void probsTimesRows(float[] p, int tp, int row0, int mr, int t, float[] x, int xOff, int ldx, int c0, int dh,
                                       float[] o, int oOff, int ldo, float[] alpha) {
        int p0 = row0 * tp, p1 = p0 + tp, p2 = p0 + 2 * tp, p3 = p0 + 3 * tp;
        float alpha0 = alpha[row0], alpha1 = alpha[row0 + 1], alpha2 = alpha[row0 + 2], alpha3 = alpha[row0 + 3];
        int c = c0;
        for (; c + 2 * L <= dh; c += 2 * L) {
            FloatVector z = FloatVector.zero(S);
            FloatVector r00 = z, r01 = z, r10 = z, r11 = z, r20 = z, r21 = z, r30 = z, r31 = z;
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
            int dst = oOff + c;
            r00.mul(alpha0).intoArray(o, dst);
            r01.mul(alpha0).intoArray(o, dst + L);
            if (mr > 1) { r10.mul(alpha1).intoArray(o, dst + ldo); r11.mul(alpha1).intoArray(o, dst + ldo + L); }
            if (mr > 2) { r20.mul(alpha2).intoArray(o, dst + 2 * ldo); r21.mul(alpha2).intoArray(o, dst + 2 * ldo + L); }
            if (mr > 3) { r30.mul(alpha3).intoArray(o, dst + 3 * ldo); r31.mul(alpha3).intoArray(o, dst + 3 * ldo + L); }
        }
        for (; c + L <= dh; c += L) {
            FloatVector z = FloatVector.zero(S);
            FloatVector r0 = z, r1 = z, r2 = z, r3 = z;
            for (int j = 0; j < t; j++) {
                FloatVector b0 = FloatVector.fromArray(S, x, xOff + j * ldx + c);
                r0 = b0.fma(FloatVector.broadcast(S, p[p0 + j]), r0);
                r1 = b0.fma(FloatVector.broadcast(S, p[p1 + j]), r1);
                r2 = b0.fma(FloatVector.broadcast(S, p[p2 + j]), r2);
                r3 = b0.fma(FloatVector.broadcast(S, p[p3 + j]), r3);
            }
            int dst = oOff + c;
            r0.mul(alpha0).intoArray(o, dst);
            if (mr > 1) r1.mul(alpha1).intoArray(o, dst + ldo);
            if (mr > 2) r2.mul(alpha2).intoArray(o, dst + 2 * ldo);
            if (mr > 3) r3.mul(alpha3).intoArray(o, dst + 3 * ldo);
        }
        for (; c < dh; c++) {
            for (int r = 0; r < mr; r++) {
                float acc = 0f;
                for (int j = 0; j < t; j++) acc += p[p0 + r * tp + j] * x[xOff + j * ldx + c];
                int dst = oOff + r * ldo + c;
                o[dst] = alpha[row0 + r] * acc;
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

    /** In place: s[off..off+t) *= inv (exponentials to probabilities). */
    private static void normalise(float[] s, int off, int t, float inv) {
        int j = 0;
        for (int end = S.loopBound(t); j < end; j += L) FloatVector.fromArray(S, s, off + j).mul(inv).intoArray(s, off + j);
        for (; j < t; j++) s[off + j] *= inv;
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
