package aedmae.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused multi-head attention on token-major [B, T, H*dh] tensors (CPU twin of
 * kernels/attention.cu). Each (batch, head) pair is one task: scores Q K^T * scale into a
 * per-thread T x T buffer, row softmax (keeping the log-sum-exp), then P V written straight into
 * the head's columns of out, so no permute is ever materialised.
 *
 * <p>The backward pass recomputes P from the saved log-sum-exp (as flash attention does) rather
 * than storing B*H*T*T probabilities.
 */
public final class Attention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private Attention() {}

    public static void forward(float[] q, int qOff, float[] k, int kOff, float[] v, int vOff,
                               int batch, int tokens, int heads, int headDim, float scale,
                               float[] out, int outOff, float[] lse) {
        int d = heads * headDim, t = tokens;
        Parallel.forRange(batch * heads, 1, (s, e) -> {
            float[] p = scratch(0, t * t);
            for (int bh = s; bh < e; bh++) {
                int b = bh / heads, h = bh % heads;
                int base = b * t * d + h * headDim;
                // P = Q K^T * scale   (Q: t x dh with row stride d, K likewise, transposed)
                Gemm.gemm(t, t, headDim, scale, 0f, q, qOff + base, d, 1, k, kOff + base, 1, d, p, 0, t, false);
                for (int r = 0; r < t; r++) {
                    int o = r * t;
                    float max = Reduce.row(aedmae.tensor.ReduceOp.MAX, p, o, t);
                    double sum = 0;
                    for (int c = 0; c < t; c++) {
                        float ex = (float) Math.exp(p[o + c] - max);
                        p[o + c] = ex;
                        sum += ex;
                    }
                    float inv = (float) (1.0 / sum);
                    for (int c = 0; c < t; c++) p[o + c] *= inv;
                    if (lse != null) lse[bh * t + r] = max + (float) Math.log(sum);
                }
                // out_h = P V   (V: t x dh with row stride d; out written with row stride d)
                Gemm.gemm(t, headDim, t, 1f, 0f, p, 0, t, 1, v, vOff + base, d, 1, out, outOff + base, d, false);
            }
        });
    }

    public static void backward(float[] q, int qOff, float[] k, int kOff, float[] v, int vOff,
                                float[] out, int outOff, float[] lse, float[] dout, int doutOff,
                                int batch, int tokens, int heads, int headDim, float scale,
                                float[] dq, float[] dk, float[] dv) {
        int d = heads * headDim, t = tokens;
        Parallel.forRange(batch * heads, 1, (s, e) -> {
            float[] p = scratch(0, t * t);
            float[] dp = scratch(1, t * t + t);
            for (int bh = s; bh < e; bh++) {
                int b = bh / heads, h = bh % heads;
                int base = b * t * d + h * headDim;
                // recompute P = exp(Q K^T * scale - lse)
                Gemm.gemm(t, t, headDim, scale, 0f, q, qOff + base, d, 1, k, kOff + base, 1, d, p, 0, t, false);
                for (int r = 0; r < t; r++) {
                    float l = lse[bh * t + r];
                    for (int c = 0; c < t; c++) p[r * t + c] = (float) Math.exp(p[r * t + c] - l);
                }
                // dV = P^T dO
                Gemm.gemm(t, headDim, t, 1f, 0f, p, 0, 1, t, dout, doutOff + base, d, 1, dv, base, d, false);
                // dP = dO V^T
                Gemm.gemm(t, t, headDim, 1f, 0f, dout, doutOff + base, d, 1, v, vOff + base, 1, d, dp, 0, t, false);
                // dS = P * (dP - rowsum(dO * O)), stored in dp
                int rs = t * t;
                for (int r = 0; r < t; r++) dp[rs + r] = dot(dout, doutOff + base + r * d, out, outOff + base + r * d, headDim);
                for (int r = 0; r < t; r++) {
                    float delta = dp[rs + r];
                    for (int c = 0; c < t; c++) dp[r * t + c] = p[r * t + c] * (dp[r * t + c] - delta);
                }
                // dQ = dS K * scale; dK = dS^T Q * scale
                Gemm.gemm(t, headDim, t, scale, 0f, dp, 0, t, 1, k, kOff + base, d, 1, dq, base, d, false);
                Gemm.gemm(t, headDim, t, scale, 0f, dp, 0, 1, t, q, qOff + base, d, 1, dk, base, d, false);
            }
        });
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int end = S.loopBound(n); i < end; i += S.length()) {
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
