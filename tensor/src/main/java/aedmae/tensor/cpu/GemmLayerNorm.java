package aedmae.tensor.cpu;

import aedmae.tensor.GemmDesc;

/**
 * A GEMM whose result rows are also layer-normalised (CPU twin of gemm_tf32_ln128 and
 * gemm_tf32_ln256 in kernels/gemm.cu): the transformer's {@code x = x + proj(a); y = LN(x)} in
 * one call. For one product (batch 1) C [M, N] = alpha op(A) op(B), then the epilogue in the
 * CUDA kernels' order: + bias[j]; GELU; + R[rOff + i*ldr + j]; + beta*C (C read only when beta
 * != 0). C is overwritten with that, and out[outOff + i*ld + j] = (C(i, j) - mean_i) * rstd_i *
 * normW[j] + normB[j], with mean[M] and rstd[M] stored when not null.
 */
public final class GemmLayerNorm {
    private GemmLayerNorm() {}

    public static void forward(GemmDesc g, float[] bias, int biasOff, boolean gelu, float[] residual, int rOff, int ldr,
                               float[] normW, float[] normB, float eps, float[] out, int outOff, int ld,
                               float[] mean, float[] rstd) {
        if (g.batch() != 1) throw new IllegalArgumentException("a GEMM with a fused LayerNorm takes one product; got batch " + g.batch());
        int m = g.m(), n = g.n();
        float[] acc = new float[m * n];
        Gemm.gemm(new GemmDesc(1, 1, m, n, g.k(), g.alpha(), 0f,
                g.a(), g.aOff(), g.lda(), g.transA(), 0, 0, g.b(), g.bOff(), g.ldb(), g.transB(), 0, 0,
                new CpuStorage(acc), 0, n, 0, 0));
        float[] c = ((CpuStorage) g.c()).data;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float v = acc[i * n + j];
                if (bias != null) v += bias[biasOff + j];
                if (gelu) v = Elementwise.gelu(v);
                if (residual != null) v += residual[rOff + i * ldr + j];
                int ci = g.cOff() + i * g.ldc() + j;
                if (g.beta() != 0f) v += g.beta() * c[ci];
                c[ci] = v;
                acc[i * n + j] = v;
            }
        }
        float[] y = new float[m * n], mu = mean != null ? mean : new float[m], rs = rstd != null ? rstd : new float[m];
        LayerNorm.forward(acc, 0, normW, normB, eps, m, n, y, 0, mu, rs);
        for (int i = 0; i < m; i++) System.arraycopy(y, i * n, out, outOff + i * ld, n);
    }
}
