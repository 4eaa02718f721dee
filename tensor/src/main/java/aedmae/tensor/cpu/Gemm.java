package aedmae.tensor.cpu;

import aedmae.tensor.GemmDesc;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM, C = alpha * op(A) * op(B) + beta * C (CPU twin of kernels/gemm.cu).
 *
 * <p>The classic GotoBLAS structure: B is packed into K-blocks of NR-wide column strips, A into
 * MR-tall row strips, and a register-blocked micro-kernel computes an MR x NR tile of C with
 * fused multiply-adds on the Vector API (MR = 4 rows, NR = 2 vectors: 4 x 32 floats with
 * AVX-512). Packing absorbs transposes and strides, so every variant runs the same kernel.
 *
 * <p>Threads split the rows of C (B is packed once and shared); a batch of many small products
 * (attention heads) is split over the batch instead, each product single-threaded.
 */
public final class Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Micro-tile: MR rows by NR columns. */
    static final int MR = 4;
    static final int NR = 2 * L;
    /** Depth of a packed block (B micro-panel KC x NR stays in L1/L2). */
    static final int KC = 256;
    /** Rows of A packed at a time (MC x KC block of A stays in L2). */
    static final int MC = 128;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[2][0]);

    private Gemm() {}

    /** Entry point: batched GEMM as described by g. */
    public static void gemm(GemmDesc g) {
        int batch = g.batch();
        if (g.m() == 0 || g.n() == 0 || batch == 0) return;
        float[] a = ((CpuStorage) g.a()).data, b = ((CpuStorage) g.b()).data, c = ((CpuStorage) g.c()).data;
        double work = (double) g.m() * g.n() * Math.max(g.k(), 1);
        int threads = Parallel.threads();
        if (batch > 1 && (batch >= 2 * threads || work < 2e6)) {
            Parallel.forRange(batch, 1, (s, e) -> {
                for (int i = s; i < e; i++) one(g, i, a, b, c, false);
            });
        } else {
            for (int i = 0; i < batch; i++) one(g, i, a, b, c, work >= 2e5);
        }
    }

    private static void one(GemmDesc g, int batchIndex, float[] a, float[] b, float[] c, boolean parallel) {
        int b1 = batchIndex / g.batch2(), b2 = batchIndex % g.batch2();
        int aOff = g.aOff() + b1 * g.aStride1() + b2 * g.aStride2();
        int bOff = g.bOff() + b1 * g.bStride1() + b2 * g.bStride2();
        int cOff = g.cOff() + b1 * g.cStride1() + b2 * g.cStride2();
        // element (i, k) of op(A) is at aOff + i*ars + k*acs; element (k, j) of op(B) at bOff + k*brs + j*bcs
        int ars = g.transA() ? 1 : g.lda(), acs = g.transA() ? g.lda() : 1;
        int brs = g.transB() ? 1 : g.ldb(), bcs = g.transB() ? g.ldb() : 1;
        gemm(g.m(), g.n(), g.k(), g.alpha(), g.beta(), a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, g.ldc(), parallel);
    }

    /**
     * C[i*ldc + j] = alpha * sum_k A[i*ars + k*acs] * B[k*brs + j*bcs] + beta * C[i*ldc + j].
     * Reads A, B; modifies C.
     */
    public static void gemm(int m, int n, int k, float alpha, float beta,
                            float[] a, int aOff, int ars, int acs,
                            float[] b, int bOff, int brs, int bcs,
                            float[] c, int cOff, int ldc, boolean parallel) {
        if (k == 0 || alpha == 0f) {
            scale(c, cOff, ldc, m, n, beta);
            return;
        }
        int nStrips = (n + NR - 1) / NR;
        int kBlocks = (k + KC - 1) / KC;
        float[][] bufs = BUFFERS.get();
        int packedBSize = kBlocks * nStrips * KC * NR;
        if (bufs[0].length < packedBSize) bufs[0] = new float[packedBSize];
        float[] pb = bufs[0];
        packB(b, bOff, brs, bcs, k, n, pb);
        int mStrips = (m + MR - 1) / MR;
        if (parallel && mStrips > 1 && Parallel.threads() > 1) {
            Parallel.forRange(mStrips, 1, (s, e) ->
                    rows(s * MR, Math.min(m, e * MR), n, k, alpha, beta, a, aOff, ars, acs, pb, c, cOff, ldc));
        } else {
            rows(0, m, n, k, alpha, beta, a, aOff, ars, acs, pb, c, cOff, ldc);
        }
    }

    /** Rows [r0, r1) of C, using the packed B. */
    private static void rows(int r0, int r1, int n, int k, float alpha, float beta,
                             float[] a, int aOff, int ars, int acs, float[] pb,
                             float[] c, int cOff, int ldc) {
        float[][] bufs = BUFFERS.get();
        if (bufs[1].length < MC * KC + MR * NR) bufs[1] = new float[MC * KC + MR * NR];
        float[] pa = bufs[1];
        int nStrips = (n + NR - 1) / NR;
        for (int k0 = 0, kb = 0; k0 < k; k0 += KC, kb++) {
            int kc = Math.min(KC, k - k0);
            boolean first = k0 == 0;
            for (int i0 = r0; i0 < r1; i0 += MC) {
                int mc = Math.min(MC, r1 - i0);
                packA(a, aOff, ars, acs, i0, mc, k0, kc, pa);
                for (int js = 0; js < nStrips; js++) {
                    int j0 = js * NR;
                    int nr = Math.min(NR, n - j0);
                    int pbOff = (kb * nStrips + js) * KC * NR;
                    for (int is = 0; is < mc; is += MR) {
                        int mr = Math.min(MR, mc - is);
                        kernel4(pa, is * kc, pb, pbOff, kc, alpha, first ? beta : 1f,
                                c, cOff + (i0 + is) * ldc + j0, ldc, mr, nr, pa, MC * KC);
                    }
                }
            }
        }
    }

    /** Packs op(B) (k x n) into [kBlock][strip][kk][NR], zero-padded. */
    private static void packB(float[] b, int bOff, int brs, int bcs, int k, int n, float[] pb) {
        int nStrips = (n + NR - 1) / NR;
        for (int k0 = 0, kb = 0; k0 < k; k0 += KC, kb++) {
            int kc = Math.min(KC, k - k0);
            for (int js = 0; js < nStrips; js++) {
                int j0 = js * NR, nr = Math.min(NR, n - j0);
                int dst = (kb * nStrips + js) * KC * NR;
                for (int kk = 0; kk < kc; kk++) {
                    int src = bOff + (k0 + kk) * brs + j0 * bcs;
                    int d = dst + kk * NR;
                    if (bcs == 1) {
                        System.arraycopy(b, src, pb, d, nr);
                    } else {
                        for (int j = 0; j < nr; j++) pb[d + j] = b[src + j * bcs];
                    }
                    for (int j = nr; j < NR; j++) pb[d + j] = 0f;
                }
            }
        }
    }

    /** Packs rows [i0, i0+mc) x cols [k0, k0+kc) of op(A) into MR-tall strips [strip][kk][MR], zero-padded. */
    private static void packA(float[] a, int aOff, int ars, int acs, int i0, int mc, int k0, int kc, float[] pa) {
        for (int is = 0; is < mc; is += MR) {
            int mr = Math.min(MR, mc - is);
            int dst = is * kc;
            if (acs == 1) {
                for (int r = 0; r < mr; r++) {
                    int src = aOff + (i0 + is + r) * ars + k0;
                    for (int kk = 0; kk < kc; kk++) pa[dst + kk * MR + r] = a[src + kk];
                }
            } else {
                for (int kk = 0; kk < kc; kk++) {
                    int src = aOff + (i0 + is) * ars + (k0 + kk) * acs;
                    for (int r = 0; r < mr; r++) pa[dst + kk * MR + r] = a[src + r * ars];
                }
            }
            for (int r = mr; r < MR; r++) {
                for (int kk = 0; kk < kc; kk++) pa[dst + kk * MR + r] = 0f;
            }
        }
    }

    /**
     * The micro-kernel: an MR x NR tile of C from a packed A strip (kc x MR) and a packed B strip
     * (kc x NR). C tile = alpha * acc + beta * C tile. Partial tiles (mr < MR or nr < NR) go
     * through a scratch tile at tmp[tmpOff..].
     */
    private static void kernel4(float[] pa, int paOff, float[] pb, int pbOff, int kc, float alpha, float beta,
                                float[] c, int cOff, int ldc, int mr, int nr, float[] tmp, int tmpOff) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int ap = paOff, bp = pbOff;
        for (int kk = 0; kk < kc; kk++, ap += MR, bp += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, pa[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, pa[ap + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, pa[ap + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, pa[ap + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        if (mr == MR && nr == NR) {
            store(c00, c01, c, cOff, alpha, beta);
            store(c10, c11, c, cOff + ldc, alpha, beta);
            store(c20, c21, c, cOff + 2 * ldc, alpha, beta);
            store(c30, c31, c, cOff + 3 * ldc, alpha, beta);
            return;
        }
        c00.intoArray(tmp, tmpOff);
        c01.intoArray(tmp, tmpOff + L);
        c10.intoArray(tmp, tmpOff + NR);
        c11.intoArray(tmp, tmpOff + NR + L);
        c20.intoArray(tmp, tmpOff + 2 * NR);
        c21.intoArray(tmp, tmpOff + 2 * NR + L);
        c30.intoArray(tmp, tmpOff + 3 * NR);
        c31.intoArray(tmp, tmpOff + 3 * NR + L);
        for (int r = 0; r < mr; r++) {
            int row = cOff + r * ldc;
            for (int j = 0; j < nr; j++) {
                float v = alpha * tmp[tmpOff + r * NR + j];
                c[row + j] = beta == 0f ? v : v + beta * c[row + j];
            }
        }
    }

    private static void store(FloatVector v0, FloatVector v1, float[] c, int off, float alpha, float beta) {
        if (alpha != 1f) {
            v0 = v0.mul(alpha);
            v1 = v1.mul(alpha);
        }
        if (beta != 0f) {
            FloatVector o0 = FloatVector.fromArray(S, c, off), o1 = FloatVector.fromArray(S, c, off + L);
            if (beta == 1f) {
                v0 = v0.add(o0);
                v1 = v1.add(o1);
            } else {
                v0 = o0.mul(beta).add(v0);
                v1 = o1.mul(beta).add(v1);
            }
        }
        v0.intoArray(c, off);
        v1.intoArray(c, off + L);
    }

    private static void scale(float[] c, int cOff, int ldc, int m, int n, float beta) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[row + j] = beta == 0f ? 0f : beta * c[row + j];
        }
    }
}
