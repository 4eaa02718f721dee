package aedmae.tensor.cuda;

import aedmae.tensor.GemmDesc;

/**
 * How one {@link GemmDesc} runs on a GEMM variant: the GemmParams struct of kernels/gemm.cu as
 * an int array, the grid, and the split over K (split-K) when the output has too few tiles to
 * fill the device, as the weight gradients do (M, N = features; K = batch x tokens).
 * Pure host arithmetic, tested without a GPU.
 */
record GemmPlan(String symbol, int[] params, Launch launch, int splits, long workspaceFloats) {
    // GemmParams field indices (kernels/gemm.cu, struct order)
    static final int M = 0, N = 1, K = 2, ALPHA = 3, BETA = 4, BATCH2 = 5, SPLITS = 6, K_CHUNK = 7;
    static final int A_OFF = 8, A_RS = 9, A_CS = 10, A_S1 = 11, A_S2 = 12;
    static final int B_OFF = 13, B_RS = 14, B_CS = 15, B_S1 = 16, B_S2 = 17;
    static final int C_OFF = 18, LDC = 19, C_S1 = 20, C_S2 = 21;
    static final int FLAGS = 22, BIAS_OFF = 23, R_OFF = 24, LDR = 25, R_S1 = 26, R_S2 = 27, BIAS_S1 = 28;
    static final int FIELDS = 29;

    static final int EPI_BIAS = 1, EPI_GELU = 2, EPI_RESIDUAL = 4, VEC_A = 8, VEC_B = 16, SPLIT_PARTIAL = 32;

    /** K granularity of split-K slices (the tensor-core kernels' K tile). */
    static final int K_STEP = 32;
    /** Largest split-K workspace, in floats (256 MiB). */
    static final long MAX_WORKSPACE = 64L << 20;

    /** Tile shape and threads of a GEMM entry point. */
    record Tile(String symbol, int bm, int bn, int threads, int sharedBytes) {}

    static final Tile SIMT = new Tile("gemm_simt", 64, 64, 256, 0);
    static final Tile TF32_128 = new Tile("gemm_tf32_128x128", 128, 128, 256, 2 * (128 + 128) * 36 * 4);
    static final Tile TF32_64 = new Tile("gemm_tf32_64x64", 64, 64, 128, 2 * (64 + 64) * 36 * 4);
    static final Tile BF16_128 = new Tile("gemm_bf16_128x128", 128, 128, 256, 2 * (128 + 128) * 40 * 4);
    static final Tile BF16_64 = new Tile("gemm_bf16_64x64", 64, 64, 128, 2 * (64 + 64) * 40 * 4);
    static final Tile LN128 = new Tile("gemm_tf32_ln128", 64, 128, 256, 2 * (64 + 128) * 36 * 4);
    static final Tile LN256 = new Tile("gemm_tf32_ln256", 32, 256, 256, 2 * (32 + 256) * 36 * 4);

    static Tile tile(String variant) {
        return switch (variant) {
            case KernelRegistry.GEMM_SIMT -> SIMT;
            case KernelRegistry.GEMM_TF32_128 -> TF32_128;
            case KernelRegistry.GEMM_TF32_64 -> TF32_64;
            case KernelRegistry.GEMM_BF16_128 -> BF16_128;
            case KernelRegistry.GEMM_BF16_64 -> BF16_64;
            case KernelRegistry.GEMM_LN128 -> LN128;
            case KernelRegistry.GEMM_LN256 -> LN256;
            default -> throw new IllegalArgumentException("not a GEMM variant: " + variant);
        };
    }

    /** The dispatcher's choice for a precision: 128x128 tiles when they fill the device, else 64x64. */
    static String preferredVariant(GemmDesc g, Precision p, int multiprocessors) {
        if (p == Precision.FP32) return KernelRegistry.GEMM_SIMT;
        long big = (long) Launch.ceilDiv(g.m(), 128) * Launch.ceilDiv(g.n(), 128) * g.batch();
        boolean fills = big >= multiprocessors;
        if (p == Precision.BF16) return fills ? KernelRegistry.GEMM_BF16_128 : KernelRegistry.GEMM_BF16_64;
        return fills ? KernelRegistry.GEMM_TF32_128 : KernelRegistry.GEMM_TF32_64;
    }

    /**
     * Splits of K: 1 unless the output tiles leave most of the device idle and K is long; then
     * enough slices to give about two blocks per SM, each at least 256 deep.
     */
    static int splitsFor(long tiles, int k, int multiprocessors, long mnBatch) {
        if (tiles >= multiprocessors || k < 1024) return 1;
        long want = (2L * multiprocessors + tiles - 1) / tiles;
        long byDepth = k / 256;
        long byMemory = Math.max(1, MAX_WORKSPACE / Math.max(1, mnBatch));
        return (int) Math.max(1, Math.min(Math.min(want, byDepth), Math.min(byMemory, 64)));
    }

    /** True when an operand's tiles can be read as 16-byte vectors along its contiguous dim. */
    static boolean vectorisable(int off, int rs, int cs, int s1, int s2) {
        int other = cs == 1 ? rs : cs;
        return off % 4 == 0 && other % 4 == 0 && s1 % 4 == 0 && s2 % 4 == 0;
    }

    /** The row-norm variants that can hold a row of n values. */
    static boolean normApplicable(String variant, GemmDesc g) {
        return g.batch() == 1 && (variant.equals(KernelRegistry.GEMM_LN128) ? g.n() <= 128
                : variant.equals(KernelRegistry.GEMM_LN256) && g.n() <= 256);
    }

    static GemmPlan of(GemmDesc g, String variant, Epilogue e, int multiprocessors) {
        Tile t = tile(variant);
        int batch = g.batch();
        long tiles = (long) Launch.ceilDiv(g.m(), t.bm()) * Launch.ceilDiv(g.n(), t.bn()) * batch;
        int splits = e.isNone() ? splitsFor(tiles, g.k(), multiprocessors, (long) g.m() * g.n() * batch) : 1;
        int kChunk = g.k();
        if (splits > 1) {
            kChunk = (Launch.ceilDiv(g.k(), splits) + K_STEP - 1) / K_STEP * K_STEP;
            splits = Launch.ceilDiv(g.k(), kChunk);
        }
        if ((long) batch * splits > 65535) {
            if (batch > 65535) throw new UnsupportedOperationException("GEMM batch " + batch + " exceeds the grid's 65535");
            splits = 1;
            kChunk = g.k();
        }
        int[] p = new int[FIELDS];
        p[M] = g.m();
        p[N] = g.n();
        p[K] = g.k();
        p[ALPHA] = Float.floatToRawIntBits(g.alpha());
        p[BETA] = Float.floatToRawIntBits(g.beta());
        p[BATCH2] = Math.max(1, g.batch2());
        p[SPLITS] = splits;
        p[K_CHUNK] = Math.max(kChunk, 1);
        // op(A)(i, k) = A[off + i*rs + k*cs]; op(B)(k, j) = B[off + k*rs + j*cs]
        p[A_OFF] = g.aOff();
        p[A_RS] = g.transA() ? 1 : g.lda();
        p[A_CS] = g.transA() ? g.lda() : 1;
        p[A_S1] = g.aStride1();
        p[A_S2] = g.aStride2();
        p[B_OFF] = g.bOff();
        p[B_RS] = g.transB() ? 1 : g.ldb();
        p[B_CS] = g.transB() ? g.ldb() : 1;
        p[B_S1] = g.bStride1();
        p[B_S2] = g.bStride2();
        p[C_OFF] = g.cOff();
        p[LDC] = g.ldc();
        p[C_S1] = g.cStride1();
        p[C_S2] = g.cStride2();
        int flags = 0;
        if (vectorisable(p[A_OFF], p[A_RS], p[A_CS], p[A_S1], p[A_S2])) flags |= VEC_A;
        if (vectorisable(p[B_OFF], p[B_CS], p[B_RS], p[B_S1], p[B_S2])) flags |= VEC_B;
        if (e.bias() != null) {
            flags |= EPI_BIAS;
            p[BIAS_OFF] = e.biasOff();
            p[BIAS_S1] = e.biasStride1();
        }
        if (e.gelu()) flags |= EPI_GELU;
        if (e.residual() != null) {
            flags |= EPI_RESIDUAL;
            p[R_OFF] = e.residualOff();
            p[LDR] = e.ldr();
            p[R_S1] = e.rStride1();
            p[R_S2] = e.rStride2();
        }
        long workspace = 0;
        if (splits > 1) {
            flags |= SPLIT_PARTIAL;
            workspace = (long) batch * splits * g.m() * g.n();
        }
        p[FLAGS] = flags;
        Launch l = new Launch(Launch.ceilDiv(g.m(), t.bm()), Launch.ceilDiv(g.n(), t.bn()), batch * splits,
                t.threads(), 1, 1, t.sharedBytes());
        return new GemmPlan(t.symbol(), p, l, splits, workspace);
    }

    /** The params of the split-K reduction: the same product, finishing from the workspace. */
    int[] reduceParams() {
        int[] p = params.clone();
        p[FLAGS] &= ~SPLIT_PARTIAL;
        return p;
    }
}
