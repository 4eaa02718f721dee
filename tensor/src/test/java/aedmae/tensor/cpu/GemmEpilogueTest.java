package aedmae.tensor.cpu;

import aedmae.tensor.F;
import aedmae.tensor.GemmDesc;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import aedmae.tensor.UnaryOp;
import aedmae.tensor.autograd.GradMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The GEMM epilogues (bias, bias + GELU) against their plain twin, the backend's default: bias
 * rows written into C, a GEMM with beta 1, then a separate GELU pass. They must give the same bits.
 */
class GemmEpilogueTest {
    private final Rng rng = new Rng(61);
    private final int threads0 = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(threads0);
    }

    /** m x n x k: one K-block and two, whole and partial tiles, rows of whole vectors and not, serial and parallel. */
    private static final int[][] SHAPES = {{1, 16, 3}, {5, 33, 17}, {37, 64, 300}, {130, 48, 128}, {401, 512, 256}, {2003, 128, 520}};

    @Test
    void biasAndBiasGeluEpiloguesGiveThePlainPathsBits() {
        for (int threads : new int[]{1, 2, 3}) {
            Parallel.setThreads(threads);
            for (int[] s : SHAPES) {
                int m = s[0], n = s[1], k = s[2];
                float[] a = rng.uniformArray(m * k, -1, 1), w = rng.uniformArray(n * k, -1, 1), bias = rng.uniformArray(n + 3, -1, 1);
                for (boolean gelu : new boolean[]{false, true}) {
                    String what = m + "x" + n + "x" + k + (gelu ? " +GELU" : "") + ", " + threads + " threads";
                    // plain: bias rows, then C += A W^T, then GELU over C
                    float[] plain = new float[m * n];
                    for (int i = 0; i < m; i++) System.arraycopy(bias, 3, plain, i * n, n);
                    Gemm.gemm(desc(m, n, k, a, w, plain, 1f));
                    if (gelu) Elementwise.unary(UnaryOp.GELU, 0f, 0f, plain, 0, plain, 0, m * n);
                    float[] fused = rng.uniformArray(m * n, -9, 9); // overwritten
                    Gemm.gemmBias(desc(m, n, k, a, w, fused, 0f), bias, 3, gelu);
                    assertArrayEquals(plain, fused, what);
                }
            }
        }
    }

    @Test
    void theThreadsSplitRowsAndPackBTogetherWithoutChangingABit() {
        // {m, n, k, transA}: few rows and a long K (weight gradients), many rows
        int[][] shapes = {{64, 64, 3000, 1}, {128, 128, 700, 1}, {100, 96, 260, 0}, {1000, 128, 128, 0}, {333, 40, 520, 1}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            boolean ta = s[3] == 1;
            float[] a = rng.uniformArray(m * k, -1, 1), b = rng.uniformArray(k * n, -1, 1);
            float[] serial = null;
            for (int threads : new int[]{1, 2, 3}) {
                Parallel.setThreads(threads);
                float[] c = new float[m * n];
                Gemm.gemm(GemmDesc.single(m, n, k, 1f, 0f, new CpuStorage(a), 0, ta ? m : k, ta, new CpuStorage(b), 0, n, false,
                        new CpuStorage(c), 0, n));
                if (serial == null) serial = c;
                else assertArrayEquals(serial, c, m + "x" + n + "x" + k + ", " + threads + " threads");
            }
        }
    }

    /**
     * Every element of C = alpha op(A) op(B) (beta 0) is, bit for bit, the fused multiply-add chain
     * over k of each K-block from zero, times alpha, the blocks added to C in order: whether a tile
     * goes straight to C (alpha 1, first block, whole tile) or through the per-thread tile.
     */
    @Test
    void aPlainGemmIsTheFmaChainOfEachKBlockWhereverItsTilesAreStored() {
        int[][] shapes = {{8, 64, 64}, {37, 70, 128}, {130, 96, 300}, {4, 32, 1}, {401, 128, 520}};
        for (int threads : new int[]{1, 2}) {
            Parallel.setThreads(threads);
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2];
                float[] a = rng.uniformArray(m * k, -1, 1), b = rng.uniformArray(k * n, -1, 1);
                for (float alpha : new float[]{1f, 0.5f}) {
                    for (boolean ta : new boolean[]{false, true}) {
                        float[] at = a;
                        if (ta) { // store A transposed (k x m); op(A) is the same matrix
                            at = new float[k * m];
                            for (int i = 0; i < m; i++) for (int kk = 0; kk < k; kk++) at[kk * m + i] = a[i * k + kk];
                        }
                        float[] c = rng.uniformArray(m * n, -9, 9); // overwritten (beta 0)
                        Gemm.gemm(GemmDesc.single(m, n, k, alpha, 0f, new CpuStorage(at), 0, ta ? m : k, ta, new CpuStorage(b), 0, n, false,
                                new CpuStorage(c), 0, n));
                        float[] want = new float[m * n];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                float v = 0f;
                                for (int k0 = 0; k0 < k; k0 += Gemm.KC) {
                                    float acc = 0f;
                                    for (int kk = k0; kk < Math.min(k, k0 + Gemm.KC); kk++) acc = Math.fma(a[i * k + kk], b[kk * n + j], acc);
                                    float block = alpha == 1f ? acc : alpha * acc;
                                    v = k0 == 0 ? block : block + v;
                                }
                                want[i * n + j] = v;
                            }
                        }
                        assertArrayEquals(want, c, m + "x" + n + "x" + k + ", alpha " + alpha + (ta ? ", A transposed" : "") + ", " + threads + " threads");
                    }
                }
            }
        }
    }

    @Test
    void linearGeluWithoutAutogradHasTheBitsOfLinearThenGeluAndWithAutogradTheGradients() {
        Parallel.setThreads(2);
        Tensor x = Tensor.of(rng.uniformArray(3 * 267 * 64, -2, 2), 3, 267, 64);
        Tensor w = Tensor.of(rng.uniformArray(128 * 64, -0.3f, 0.3f), 128, 64);
        Tensor b = Tensor.of(rng.uniformArray(128, -0.5f, 0.5f), 128);
        try (var off = GradMode.disable()) {
            assertArrayEquals(F.linear(x, w, b).gelu().toArray(), F.linearGelu(x, w, b).toArray());
        }
        Tensor wp = w.detach().requiresGrad(true);
        Tensor y = F.linearGelu(x, wp, b);
        assertArrayEquals(F.linear(x, w, b).gelu().toArray(), y.toArray());
        y.sum().backward();
        assertNotNull(wp.grad(), "the autograd path records the Linear and the GELU");
    }

    private static GemmDesc desc(int m, int n, int k, float[] a, float[] w, float[] c, float beta) {
        return GemmDesc.single(m, n, k, 1f, beta, new CpuStorage(a), 0, k, false, new CpuStorage(w), 0, k, true, new CpuStorage(c), 0, n);
    }
}
