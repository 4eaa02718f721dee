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
    /** Packed B of at least this many floats is packed by all threads (below, one packs it). */
    private static final int PARALLEL_PACK_B = 1 << 16;

    /** Per thread: packed B, packed A, the accumulator tile. */
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[][]{new float[0], new float[0], new float[MR * NR]});

    /** Which GEMM the CPU backend runs: this class ("own", the default) or OpenBLAS ("openblas", changes bits). */
    private static volatile boolean openBlas = parseEngine(System.getProperty("aedmae.gemm", "own"));

    private Gemm() {}

    /**
     * Selects the GEMM engine: "own" (this class, the default) or "openblas" ({@link OpenBlasGemm},
     * OpenBLAS through Bytedeco; other bits). Loads OpenBLAS at once, so a missing library fails here.
     */
    public static void setEngine(String name) {
        boolean o = parseEngine(name);
        if (o) OpenBlasGemm.load();
        openBlas = o;
    }

    /** The engine's name: "own" or "openblas". */
    public static String engine() {
        return openBlas ? "openblas" : "own";
    }

    private static boolean parseEngine(String name) {
        return switch (name) {
            case "own" -> false;
            case "openblas" -> true;
            default -> throw new IllegalArgumentException("GEMM engine must be own or openblas, got " + name);
        };
    }

    /** Entry point: batched GEMM as described by g. */
    public static void gemm(GemmDesc g) {
        int batch = g.batch();
        if (g.m() == 0 || g.n() == 0 || batch == 0) return;
        if (openBlas && OpenBlasGemm.accepts(g)) {
            OpenBlasGemm.gemm(g);
            return;
        }
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

    /**
     * One product plus a bias row: C = alpha * op(A) op(B) + bias[biasOff + j] in every row (g.beta()
     * ignored, g.batch() 1). The bias is added where beta * C would be, in the micro-kernel's
     * store, so the result has the bits of writing the bias into C and running {@link #gemm} with
     * beta 1 (the backend's plain twin), without that pass over C.
     */
    public static void gemmBias(GemmDesc g, float[] bias, int biasOff) {
        gemmBias(g, bias, biasOff, false);
    }

    /**
     * {@link #gemmBias}, then GELU on C when gelu is true (C must be dense: ldc = n). The GELU is
     * applied to each block of rows of C right after its last K-block, while the block is still
     * in cache, when that gives the bits of the plain twin (a separate {@link Elementwise#unary}
     * GELU pass over C): when the plain pass runs every element in vectors and rows are whole
     * vectors. Otherwise it runs the plain pass.
     */
    public static void gemmBias(GemmDesc g, float[] bias, int biasOff, boolean gelu) {
        if (g.m() == 0 || g.n() == 0) return;
        float[] a = ((CpuStorage) g.a()).data, b = ((CpuStorage) g.b()).data, c = ((CpuStorage) g.c()).data;
        int m = g.m(), n = g.n();
        if (gelu && g.ldc() != n) throw new IllegalArgumentException("a GEMM with GELU writes a dense C; got ldc " + g.ldc() + " for n " + n);
        boolean fuseGelu = gelu && !openBlas && n % L == 0 && Elementwise.unaryIsVectorOnly(m * n);
        if (gelu && !fuseGelu) {
            gemmBias(g, bias, biasOff, false);
            Elementwise.unary(aedmae.tensor.UnaryOp.GELU, 0f, 0f, c, g.cOff(), c, g.cOff(), m * n);
            return;
        }
        if (openBlas && OpenBlasGemm.accepts(g)) {
            for (int i = 0; i < g.m(); i++) System.arraycopy(bias, biasOff, c, g.cOff() + i * g.ldc(), g.n());
            OpenBlasGemm.gemm(new GemmDesc(1, 1, g.m(), g.n(), g.k(), g.alpha(), 1f,
                    g.a(), g.aOff(), g.lda(), g.transA(), 0, 0, g.b(), g.bOff(), g.ldb(), g.transB(), 0, 0,
                    g.c(), g.cOff(), g.ldc(), 0, 0));
            return;
        }
        double work = (double) g.m() * g.n() * Math.max(g.k(), 1);
        one(g, 0, a, b, c, work >= 2e5, bias, biasOff, fuseGelu);
    }

    private static void one(GemmDesc g, int batchIndex, float[] a, float[] b, float[] c, boolean parallel) {
        one(g, batchIndex, a, b, c, parallel, null, 0, false);
    }

    private static void one(GemmDesc g, int batchIndex, float[] a, float[] b, float[] c, boolean parallel,
                            float[] bias, int biasOff, boolean gelu) {
        int b1 = batchIndex / g.batch2(), b2 = batchIndex % g.batch2();
        int aOff = g.aOff() + b1 * g.aStride1() + b2 * g.aStride2();
        int bOff = g.bOff() + b1 * g.bStride1() + b2 * g.bStride2();
        int cOff = g.cOff() + b1 * g.cStride1() + b2 * g.cStride2();
        // element (i, k) of op(A) is at aOff + i*ars + k*acs; element (k, j) of op(B) at bOff + k*brs + j*bcs
        int ars = g.transA() ? 1 : g.lda(), acs = g.transA() ? g.lda() : 1;
        int brs = g.transB() ? 1 : g.ldb(), bcs = g.transB() ? g.ldb() : 1;
        gemm(g.m(), g.n(), g.k(), g.alpha(), g.beta(), a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, g.ldc(), parallel, bias, biasOff, gelu);
    }

    /**
     * C[i*ldc + j] = alpha * sum_k A[i*ars + k*acs] * B[k*brs + j*bcs] + beta * C[i*ldc + j].
     * Reads A, B; modifies C.
     */
    public static void gemm(int m, int n, int k, float alpha, float beta,
                            float[] a, int aOff, int ars, int acs,
                            float[] b, int bOff, int brs, int bcs,
                            float[] c, int cOff, int ldc, boolean parallel) {
        gemm(m, n, k, alpha, beta, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc, parallel, null, 0, false);
    }

    /**
     * As above; with a bias (not null), C = alpha * op(A) op(B) + bias[biasOff + j] and beta is
     * ignored; with gelu, GELU (the vector form) is applied to rows of C once they are final (n a
     * multiple of the vector length).
     */
    static void gemm(int m, int n, int k, float alpha, float beta,
                     float[] a, int aOff, int ars, int acs,
                     float[] b, int bOff, int brs, int bcs,
                     float[] c, int cOff, int ldc, boolean parallel, float[] bias, int biasOff, boolean gelu) {
        if (k == 0 || alpha == 0f) {
            if (bias != null) {
                for (int i = 0; i < m; i++) System.arraycopy(bias, biasOff, c, cOff + i * ldc, n);
            } else {
                scale(c, cOff, ldc, m, n, beta);
            }
            if (gelu) Elementwise.geluRowsInPlace(c, cOff, ldc, 0, m, n);
            return;
        }
        int nStrips = (n + NR - 1) / NR;
        int kBlocks = (k + KC - 1) / KC;
        float[][] bufs = BUFFERS.get();
        int packedBSize = kBlocks * nStrips * KC * NR;
        if (bufs[0].length < packedBSize) bufs[0] = new float[packedBSize];
        float[] pb = bufs[0];
        int units = kBlocks * nStrips;
        if (parallel && Parallel.threads() > 1 && packedBSize >= PARALLEL_PACK_B && units > 1) { // both threads pack B
            Parallel.forRange(units, 1, (s, e) -> packB(b, bOff, brs, bcs, k, n, pb, s, e));
        } else {
            packB(b, bOff, brs, bcs, k, n, pb, 0, units);
        }
        int mStrips = (m + MR - 1) / MR;
        if (parallel && mStrips > 1 && Parallel.threads() > 1) {
            Parallel.forRange(mStrips, 1, (s, e) ->
                    rows(s * MR, Math.min(m, e * MR), 0, nStrips, n, k, alpha, beta, a, aOff, ars, acs, pb, c, cOff, ldc, bias, biasOff, gelu));
        } else {
            rows(0, m, 0, nStrips, n, k, alpha, beta, a, aOff, ars, acs, pb, c, cOff, ldc, bias, biasOff, gelu);
        }
    }

    /**
     * Rows [r0, r1) and column strips [js0, js1) of C, using the packed B; the bias (when not null)
     * takes beta's place in the first K-block; with gelu (all strips only), each block of MC rows
     * gets GELU after the last K-block.
     */
    private static void rows(int r0, int r1, int js0, int js1, int n, int k, float alpha, float beta,
                             float[] a, int aOff, int ars, int acs, float[] pb,
                             float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean gelu) {
        float[][] bufs = BUFFERS.get();
        if (bufs[1].length < MC * KC) bufs[1] = new float[MC * KC];
        float[] pa = bufs[1], tile = bufs[2];
        int nStrips = (n + NR - 1) / NR;
        // alpha 1, beta 0, no bias: the first K-block's full tiles go straight to C (what storeTile
        // would store is the accumulators unchanged), saving the tile's round trip at small K
        boolean plainFirst = alpha == 1f && beta == 0f && bias == null;
        for (int k0 = 0, kb = 0; k0 < k; k0 += KC, kb++) {
            int kc = Math.min(KC, k - k0);
            boolean first = k0 == 0;
            for (int i0 = r0; i0 < r1; i0 += MC) {
                int mc = Math.min(MC, r1 - i0);
                packA(a, aOff, ars, acs, i0, mc, k0, kc, pa);
                for (int js = js0; js < js1; js++) {
                    int j0 = js * NR;
                    int nr = Math.min(NR, n - j0);
                    int pbOff = (kb * nStrips + js) * KC * NR;
                    for (int is = 0; is < mc; is += MR) {
                        int mr = Math.min(MR, mc - is), cTile = cOff + (i0 + is) * ldc + j0;
                        if (plainFirst && first && mr == MR && nr == NR) { // C = op(A) op(B): the accumulators are the result
                            kernel4(pa, is * kc, pb, pbOff, kc, c, cTile, ldc);
                        } else {
                            kernel4(pa, is * kc, pb, pbOff, kc, tile, 0, NR);
                            storeTile(tile, alpha, first ? beta : 1f, first ? bias : null, biasOff + j0, c, cTile, ldc, mr, nr);
                        }
                    }
                }
                if (gelu && k0 + kc == k) Elementwise.geluRowsInPlace(c, cOff, ldc, i0, i0 + mc, n); // rows final, still in cache
            }
        }
    }

    /**
     * Packs op(B) (k x n) into [kBlock][strip][kk][NR], zero-padded: the (kBlock, strip) units
     * [u0, u1) of kBlocks x nStrips (unit u = kb * nStrips + js).
     */
    private static void packB(float[] b, int bOff, int brs, int bcs, int k, int n, float[] pb, int u0, int u1) {
        int nStrips = (n + NR - 1) / NR;
        for (int u = u0; u < u1; u++) {
            int kb = u / nStrips, js = u % nStrips;
            int k0 = kb * KC, kc = Math.min(KC, k - k0);
            int j0 = js * NR, nr = Math.min(NR, n - j0);
            int dst = u * KC * NR;
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

    /**
     * Packs rows [i0, i0+mc) x cols [k0, k0+kc) of op(A) into MR-tall strips [strip][r][kk] (each
     * strip MR rows of kc, row-major, so a row-major A packs by block copies), zero-padded.
     */
    private static void packA(float[] a, int aOff, int ars, int acs, int i0, int mc, int k0, int kc, float[] pa) {
        for (int is = 0; is < mc; is += MR) {
            int mr = Math.min(MR, mc - is);
            int dst = is * kc;
            if (acs == 1) {
                for (int r = 0; r < mr; r++) System.arraycopy(a, aOff + (i0 + is + r) * ars + k0, pa, dst + r * kc, kc);
            } else { // op(A) = A^T: the mr values of one k are neighbours in memory
                for (int kk = 0; kk < kc; kk++) {
                    int src = aOff + (i0 + is) * ars + (k0 + kk) * acs;
                    for (int r = 0; r < mr; r++) pa[dst + r * kc + kk] = a[src + r * ars];
                }
            }
            if (mr < MR) java.util.Arrays.fill(pa, dst + mr * kc, dst + MR * kc, 0f);
        }
    }

    /**
     * The micro-kernel: the MR x NR accumulators of a tile of C from a packed A strip (MR x kc)
     * and a packed B strip (kc x NR), written to out row by row, row r at o0 + r * ld (the
     * per-thread tile, or C itself when nothing is left to add). It is kept to the
     * loop alone, with no branch and no vector crossing a call: on JDK 17, C2 then compiles every
     * Vector API call in it to machine instructions in every run (a larger kernel, with the
     * epilogue's branches and helper calls, was compiled without its intrinsics in some runs:
     * boxed vectors, 35 GB of garbage and a third of the speed per batch).
     */
    private static void kernel4(float[] pa, int paOff, float[] pb, int pbOff, int kc, float[] out, int o0, int ld) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int r0 = paOff, r1 = paOff + kc, r2 = paOff + 2 * kc, r3 = paOff + 3 * kc, bp = pbOff;
        for (int kk = 0; kk < kc; kk++, bp += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, pa[r0 + kk]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, pa[r1 + kk]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, pa[r2 + kk]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, pa[r3 + kk]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        c10.intoArray(out, o0 + ld);
        c11.intoArray(out, o0 + ld + L);
        c20.intoArray(out, o0 + 2 * ld);
        c21.intoArray(out, o0 + 2 * ld + L);
        c30.intoArray(out, o0 + 3 * ld);
        c31.intoArray(out, o0 + 3 * ld + L);
    }

    /**
     * The epilogue of a tile: rows r < mr, columns j < nr of C = alpha * tile + beta * C, or
     * alpha * tile + bias[biasOff + j] when bias is not null (the bias in the place of C with
     * beta 1: the same operations, so the same bits).
     */
    private static void storeTile(float[] tile, float alpha, float beta, float[] bias, int biasOff,
                                  float[] c, int cOff, int ldc, int mr, int nr) {
        if (nr == NR) {
            for (int r = 0; r < mr; r++) {
                int row = cOff + r * ldc;
                for (int j = 0; j < NR; j += L) {
                    FloatVector v = FloatVector.fromArray(S, tile, r * NR + j);
                    if (alpha != 1f) v = v.mul(alpha);
                    if (bias != null) {
                        v = v.add(FloatVector.fromArray(S, bias, biasOff + j));
                    } else if (beta == 1f) {
                        v = v.add(FloatVector.fromArray(S, c, row + j));
                    } else if (beta != 0f) {
                        v = FloatVector.fromArray(S, c, row + j).mul(beta).add(v);
                    }
                    v.intoArray(c, row + j);
                }
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            int row = cOff + r * ldc;
            for (int j = 0; j < nr; j++) {
                float v = alpha * tile[r * NR + j];
                c[row + j] = bias != null ? v + bias[biasOff + j] : beta == 0f ? v : v + beta * c[row + j];
            }
        }
    }

    private static void scale(float[] c, int cOff, int ldc, int m, int n, float beta) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[row + j] = beta == 0f ? 0f : beta * c[row + j];
        }
    }
}
