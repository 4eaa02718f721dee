package aedmae.tensor.cpu;

/**
 * Token weights of the motion-weighted reconstruction loss (CPU twin of kernels/motion_weights.cu),
 * paper Eq. 1-2 with the anomaly map added to the gradients (Sec. 3, "Synthetic anomalies"):
 * <pre>
 *   g'      = gradient + anomalyMap * max(floor, max(gradient[b]))     per sample b
 *   m[b, i] = (1/3) sum_c max_{pixels of token i} g'[b, c]               Eq. 1
 *   w[b, i] = m[b, i] / sum_j m[b, j]                                    Eq. 2
 * </pre>
 * A sample with no motion at all (sum 0) gets uniform weights 1/L.
 */
public final class MotionWeights {
    private MotionWeights() {}

    public static void forward(float[] gradient, int gOff, float[] anomalyMap, int aOff, int batch,
                               int height, int width, int patch, float floor, float[] weights, int wOff) {
        int hp = height / patch, wp = width / patch, l = hp * wp, plane = height * width;
        Parallel.forRange(batch, 1, (s, e) -> {
            for (int b = s; b < e; b++) {
                int g0 = gOff + b * 3 * plane;
                float boost = 0f;
                if (anomalyMap != null) {
                    float mx = 0f;
                    for (int i = 0; i < 3 * plane; i++) mx = Math.max(mx, gradient[g0 + i]);
                    boost = Math.max(floor, mx);
                }
                int a0 = aOff + b * plane;
                double total = 0;
                int w0 = wOff + b * l;
                for (int ty = 0; ty < hp; ty++) {
                    for (int tx = 0; tx < wp; tx++) {
                        float m = 0f;
                        for (int c = 0; c < 3; c++) {
                            float cmax = Float.NEGATIVE_INFINITY;
                            for (int py = 0; py < patch; py++) {
                                int row = (ty * patch + py) * width + tx * patch;
                                for (int px = 0; px < patch; px++) {
                                    float v = gradient[g0 + c * plane + row + px];
                                    if (anomalyMap != null) v += anomalyMap[a0 + row + px] * boost;
                                    cmax = Math.max(cmax, v);
                                }
                            }
                            m += cmax;
                        }
                        m /= 3f;
                        weights[w0 + ty * wp + tx] = m;
                        total += m;
                    }
                }
                float inv = total > 0 ? (float) (1.0 / total) : 0f;
                for (int i = 0; i < l; i++) weights[w0 + i] = total > 0 ? weights[w0 + i] * inv : 1f / l;
            }
        });
    }

    /**
     * Motion-weighted reconstruction error, Eq. 3, and its gradient in one pass (twin of
     * weighted_mse): tokenLoss[t] = w[t] * mean_j (pred[t, j] - target[t, j])^2 over P values;
     * dpred (nullable) = gradScale * w[t] * 2 (pred - target) / P. pred [T, P]; target rows of
     * stride ldt. Reads pred, target, weights; overwrites tokenLoss and dpred.
     */
    public static void weightedMse(float[] pred, int predOff, float[] target, int targetOff, int ldt, float[] weights, int wOff,
                                   int tokens, int p, float gradScale, float[] tokenLoss, int lossOff, float[] dpred, int dOff) {
        Parallel.forRange(tokens, 64, (s, e) -> {
            for (int t = s; t < e; t++) {
                int pr = predOff + t * p, tr = targetOff + t * ldt;
                float w = weights[wOff + t], sum = 0f;
                for (int j = 0; j < p; j++) {
                    float d = pred[pr + j] - target[tr + j];
                    sum += d * d;
                    if (dpred != null) dpred[dOff + t * p + j] = gradScale * w * 2f * d / p;
                }
                tokenLoss[lossOff + t] = w * sum / p;
            }
        });
    }
}
