package aedmae.tensor;

import aedmae.tensor.cpu.Gemm;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Test;

import static aedmae.tensor.Testing.assertClose;
import static aedmae.tensor.Testing.gradCheck;
import static aedmae.tensor.Testing.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MatMulTest {
    private final Rng rng = new Rng(5);

    /** EJML's product as the independent reference. */
    private static float[] ejml(float[] a, int m, int k, float[] b, int n) {
        FMatrixRMaj c = new FMatrixRMaj(m, n);
        CommonOps_FDRM.mult(FMatrixRMaj.wrap(m, k, a), FMatrixRMaj.wrap(k, n, b), c);
        return c.data;
    }

    @Test
    void gemmKernelMatchesEjmlOverEdgeShapesTransposesAndBeta() {
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {4, 32, 16}, {5, 33, 17}, {37, 65, 300}, {128, 100, 260}, {130, 31, 1}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = rng.uniformArray(m * k, -1, 1), b = rng.uniformArray(k * n, -1, 1);
            float[] ref = ejml(a, m, k, b, n);
            for (int variant = 0; variant < 4; variant++) {
                boolean ta = (variant & 1) != 0, tb = (variant & 2) != 0;
                float[] as = ta ? transpose(a, m, k) : a, bs = tb ? transpose(b, k, n) : b;
                float[] c = rng.uniformArray(m * n, -1, 1);
                float[] c0 = c.clone();
                // C = 2 * op(A) op(B) + 0.5 * C
                Gemm.gemm(m, n, k, 2f, 0.5f, as, 0, ta ? 1 : k, ta ? m : 1, bs, 0, tb ? 1 : n, tb ? k : 1, c, 0, n, variant == 3);
                float[] expected = new float[m * n];
                for (int i = 0; i < expected.length; i++) expected[i] = 2f * ref[i] + 0.5f * c0[i];
                assertClose(expected, c, 1e-4, 1e-4, "gemm " + m + "x" + n + "x" + k + " transA=" + ta + " transB=" + tb);
            }
        }
    }

    private static float[] transpose(float[] a, int r, int c) {
        float[] t = new float[a.length];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[j * r + i] = a[i * c + j];
        return t;
    }

    @Test
    void matmulMatchesEjmlIncludingViewsAndBatchBroadcast() {
        Tensor a = Testing.rand(rng, 3, 7, 5), b = Testing.rand(rng, 5, 6);
        Tensor c = a.matmul(b);
        assertArrayEquals(new int[]{3, 7, 6}, c.shape());
        float[] av = a.toArray(), bv = b.toArray();
        for (int i = 0; i < 3; i++) {
            float[] ai = java.util.Arrays.copyOfRange(av, i * 35, (i + 1) * 35);
            assertClose(ejml(ai, 7, 5, bv, 6), c.select(0, i).toArray(), 1e-5, 1e-5, "batch " + i);
        }
        // transposed views go to the kernel without copies and give the same numbers
        Tensor at = a.transpose(1, 2).contiguous().transpose(1, 2);
        assertClose(c, at.matmul(b.transpose(0, 1).contiguous().transpose(0, 1)), 1e-5, 1e-5, "column-major operands");
        // attention-style [B, H, T, d] views of a [B, T, H*d] tensor
        Tensor q = Testing.rand(rng, 2, 6, 8).reshape(2, 6, 2, 4).permute(0, 2, 1, 3);
        Tensor s = q.matmul(q.transpose(-1, -2));
        Tensor qc = q.contiguous();
        assertClose(qc.matmul(qc.transpose(-1, -2).contiguous()), s, 1e-5, 1e-5, "per-head views");
        assertThrows(IllegalArgumentException.class, () -> a.matmul(Testing.rand(rng, 4, 6)));
    }

    @Test
    void matmulGradients() {
        Tensor a = param(rng, 2, 4, 3), b = param(rng, 3, 5), c = param(rng, 2, 3, 5);
        gradCheck("matmul weight-like", t -> t[0].matmul(t[1]), a, b);
        gradCheck("matmul batched", t -> t[0].matmul(t[1]), a, c);
        gradCheck("matmul transposed views", t -> t[0].transpose(1, 2).matmul(t[0]), a);
        Tensor v = param(rng, 3);
        gradCheck("matmul vector", t -> t[0].matmul(t[1]), b.transpose(0, 1).contiguous().detach().requiresGrad(true), v);
    }

    @Test
    void linearMatchesMatmulPlusBiasAndHasGradients() {
        Tensor x = param(rng, 2, 3, 5), w = param(rng, 4, 5), b = param(rng, 4);
        Tensor y = F.linear(x, w, b);
        assertClose(x.matmul(w.transpose(0, 1)).add(b), y, 1e-5, 1e-5, "linear");
        gradCheck("linear", t -> F.linear(t[0], t[1], t[2]), x, w, b);
        gradCheck("linear no bias, transposed input", t -> F.linear(t[0].transpose(0, 1), t[1], null), x, w);
        assertThrows(IllegalArgumentException.class, () -> F.linear(x, Testing.rand(rng, 4, 6), null));
    }

    @Test
    void gemmThroughBackendDescriptorWithTwoBatchStrides() {
        // [2 batches x 3 heads] of 4x2 @ 2x5 with the head index as the inner batch
        Tensor a = Testing.rand(rng, 2, 3, 4, 2), b = Testing.rand(rng, 2, 3, 2, 5);
        Tensor c = Tensor.zeros(2, 3, 4, 5);
        c.backend().gemm(new GemmDesc(2, 3, 4, 5, 2, 1f, 0f,
                a.storage(), 0, 2, false, 24, 8, b.storage(), 0, 5, false, 30, 10, c.storage(), 0, 5, 60, 20));
        assertClose(a.matmul(b), c, 1e-6, 1e-6, "two-level batch");
        assertArrayEquals(new int[]{120}, new int[]{c.toArray().length});
    }
}
