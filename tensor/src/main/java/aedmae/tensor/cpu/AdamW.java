package aedmae.tensor.cpu;

/** One AdamW step (CPU twin of kernels/adamw.cu); see {@link aedmae.tensor.Backend#adamw}. */
public final class AdamW {
    private AdamW() {}

    public static void step(float[] p, int pOff, float[] g, int gOff, float[] m, float[] v, int n,
                            float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2) {
        float decay = 1f - lr * weightDecay;
        float invBc1 = 1f / bc1;
        float invSqrtBc2 = (float) (1.0 / Math.sqrt(bc2));
        Parallel.forRange(n, 1 << 15, (s, e) -> {
            for (int i = s; i < e; i++) {
                float gi = g[gOff + i];
                float mi = beta1 * m[i] + (1f - beta1) * gi;
                float vi = beta2 * v[i] + (1f - beta2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                float denom = (float) Math.sqrt(vi) * invSqrtBc2 + eps;
                p[pOff + i] = p[pOff + i] * decay - lr * (mi * invBc1) / denom;
            }
        });
    }
}
