package aedmae.tensor.cuda;

import aedmae.tensor.GemmDesc;
import aedmae.tensor.Storage;
import aedmae.tensor.cpu.CpuStorage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Host arithmetic of the GEMM launch: struct fields, vector flags, split-K, tiles. */
class GemmPlanTest {
    private static final Storage S = new CpuStorage(new float[1]);
    private static final int H100_SMS = 132;

    private static GemmDesc nt(int m, int n, int k) { // Linear forward: X [m,k] times W^T, W [n,k]
        return GemmDesc.single(m, n, k, 1f, 0f, S, 0, k, false, S, 0, k, true, S, 0, n);
    }

    @Test
    void stridesFollowTheTransposes() {
        GemmDesc g = new GemmDesc(2, 3, 10, 20, 30, 0.5f, 2f, S, 4, 40, true, 100, 8, S, 0, 33, false, 0, 12, S, 7, 21, 1000, 300);
        int[] p = GemmPlan.of(g, KernelRegistry.GEMM_SIMT, Epilogue.NONE, H100_SMS).params();
        assertEquals(GemmPlan.FIELDS, p.length);
        assertEquals(1, p[GemmPlan.A_RS]);      // transA: element (i, k) at k*lda + i
        assertEquals(40, p[GemmPlan.A_CS]);
        assertEquals(33, p[GemmPlan.B_RS]);     // B as is: element (k, j) at k*ldb + j
        assertEquals(1, p[GemmPlan.B_CS]);
        assertEquals(3, p[GemmPlan.BATCH2]);
        assertEquals(0.5f, Float.intBitsToFloat(p[GemmPlan.ALPHA]));
        assertEquals(2f, Float.intBitsToFloat(p[GemmPlan.BETA]));
        assertEquals(7, p[GemmPlan.C_OFF]);
        assertEquals(300, p[GemmPlan.C_S2]);
        assertEquals(GemmPlan.VEC_A, p[GemmPlan.FLAGS] & GemmPlan.VEC_A, "offset 4, lda 40, strides 100 and 8 are multiples of 4");
        assertEquals(0, p[GemmPlan.FLAGS] & GemmPlan.VEC_B, "ldb 33 cannot be read as float4");
    }

    @Test
    void gridCoversTheOutputAndTheBatch() {
        GemmPlan p = GemmPlan.of(new GemmDesc(4, 5, 300, 70, 64, 1f, 0f, S, 0, 64, false, 0, 0, S, 0, 70, false, 0, 0, S, 0, 70, 0, 0),
                KernelRegistry.GEMM_TF32_128, Epilogue.NONE, H100_SMS);
        assertEquals(3, p.launch().gx());
        assertEquals(1, p.launch().gy());
        assertEquals(20, p.launch().gz());
        assertEquals(256, p.launch().bx());
        assertEquals(73728, p.launch().sharedBytes());
        assertEquals(1, p.splits());
    }

    @Test
    void weightGradientsSplitK() {
        // dW = dY^T X for an encoder projection: M = N = 256, K = 100 frames x 401 tokens
        int k = 40100;
        GemmDesc g = GemmDesc.single(256, 256, k, 1f, 0f, S, 0, 256, true, S, 0, 256, false, S, 0, 256);
        GemmPlan p = GemmPlan.of(g, KernelRegistry.GEMM_TF32_128, Epilogue.NONE, H100_SMS);
        assertTrue(p.splits() > 1, "4 output tiles cannot fill 132 SMs");
        int chunk = p.params()[GemmPlan.K_CHUNK];
        assertEquals(0, chunk % GemmPlan.K_STEP);
        assertTrue((long) chunk * p.splits() >= k && (long) chunk * (p.splits() - 1) < k, "the slices cover K exactly once");
        assertEquals(p.splits(), p.launch().gz());
        assertEquals((long) p.splits() * 256 * 256, p.workspaceFloats());
        assertEquals(GemmPlan.SPLIT_PARTIAL, p.params()[GemmPlan.FLAGS] & GemmPlan.SPLIT_PARTIAL);
        assertEquals(0, p.reduceParams()[GemmPlan.FLAGS] & GemmPlan.SPLIT_PARTIAL);
        // the forward product of the same layer has plenty of tiles: no split
        assertEquals(1, GemmPlan.of(nt(40100, 256, 256), KernelRegistry.GEMM_TF32_128, Epilogue.NONE, H100_SMS).splits());
        // and a fused epilogue never splits (it runs in the GEMM kernel)
        assertEquals(1, GemmPlan.of(g, KernelRegistry.GEMM_TF32_128, Epilogue.biasGelu(S, 0), H100_SMS).splits());
    }

    @Test
    void precisionPicksTheKernelFamilyAndSizePicksTheTile() {
        assertEquals(KernelRegistry.GEMM_SIMT, GemmPlan.preferredVariant(nt(80100, 256, 256), Precision.FP32, H100_SMS));
        assertEquals(KernelRegistry.GEMM_TF32_128, GemmPlan.preferredVariant(nt(80100, 256, 256), Precision.TF32, H100_SMS));
        assertEquals(KernelRegistry.GEMM_TF32_64, GemmPlan.preferredVariant(nt(300, 128, 128), Precision.TF32, H100_SMS));
        assertEquals(KernelRegistry.GEMM_BF16_128, GemmPlan.preferredVariant(nt(80100, 512, 256), Precision.BF16, H100_SMS));
    }

    @Test
    void epilogueFlagsAndOperands() {
        Epilogue e = Epilogue.biasResidual(S, 5, S, 9, 64);
        int[] p = GemmPlan.of(nt(64, 64, 64), KernelRegistry.GEMM_TF32_64, e, H100_SMS).params();
        assertEquals(GemmPlan.EPI_BIAS | GemmPlan.EPI_RESIDUAL, p[GemmPlan.FLAGS] & (GemmPlan.EPI_BIAS | GemmPlan.EPI_GELU | GemmPlan.EPI_RESIDUAL));
        assertEquals(5, p[GemmPlan.BIAS_OFF]);
        assertEquals(9, p[GemmPlan.R_OFF]);
        assertEquals(64, p[GemmPlan.LDR]);
    }

    @Test
    void rowNormVariantsNeedWholeRowsInOneTile() {
        assertTrue(GemmPlan.normApplicable(KernelRegistry.GEMM_LN128, nt(1000, 128, 64)));
        assertTrue(!GemmPlan.normApplicable(KernelRegistry.GEMM_LN128, nt(1000, 129, 64)));
        assertTrue(GemmPlan.normApplicable(KernelRegistry.GEMM_LN256, nt(1000, 256, 64)));
        assertTrue(!GemmPlan.normApplicable(KernelRegistry.GEMM_LN256, nt(1000, 257, 64)));
        GemmPlan p = GemmPlan.of(nt(40100, 256, 256), KernelRegistry.GEMM_LN256,
                Epilogue.bias(S, 0).withNorm(new RowNorm(S, S, 1e-6f, S, 0, 256, S, S)), H100_SMS);
        assertEquals(1, p.splits());
        assertEquals(1, p.launch().gy(), "one tile spans the row");
        assertEquals(Launch.ceilDiv(40100, 32), p.launch().gx());
    }

    @Test
    void sharedMemoryFitsHopperAndAmpere() {
        for (GemmPlan.Tile t : new GemmPlan.Tile[]{GemmPlan.SIMT, GemmPlan.TF32_128, GemmPlan.TF32_64, GemmPlan.BF16_128, GemmPlan.BF16_64,
                GemmPlan.LN128, GemmPlan.LN256}) {
            assertTrue(t.sharedBytes() <= 163 * 1024, t + " exceeds the A100's opt-in shared memory");
        }
    }
}
