package aedmae.tensor.cuda;

/**
 * BatchNorm folded into the depthwise convolution before it, for inference: with running
 * statistics BN is per-channel affine, y*s + (beta - mean*s) with s = gamma / sqrt(var + eps),
 * and the convolution is linear in its weights, so conv(x, w) then BN equals conv(x, w*s) plus
 * a bias: one kernel ({@link CudaBackend#depthwiseConv3x3Bias}) instead of two passes.
 * Host arithmetic on the parameters, done once per checkpoint.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {}

    /** The folded weights [C, 3, 3] and bias [C]. */
    public record Folded(float[] weights, float[] bias) {}

    /**
     * @param w     depthwise weights [C, 3, 3] (not modified)
     * @param mean  running mean [C]
     * @param var   running variance [C]
     * @param gamma BN weight [C] or null (1)
     * @param beta  BN bias [C] or null (0)
     */
    public static Folded fold(float[] w, float[] mean, float[] var, float[] gamma, float[] beta, float eps) {
        int c = mean.length;
        if (w.length != 9 * c || var.length != c) {
            throw new IllegalArgumentException("BatchNorm folding: weights of " + w.length + " values for " + c + " channels (expected 9 per channel)");
        }
        float[] fw = new float[9 * c], fb = new float[c];
        for (int ch = 0; ch < c; ch++) {
            // the same float steps as BatchNorm's forward twin
            float inv = (float) (1.0 / Math.sqrt(var[ch] + eps));
            float scale = inv * (gamma != null ? gamma[ch] : 1f);
            fb[ch] = (beta != null ? beta[ch] : 0f) - mean[ch] * scale;
            for (int k = 0; k < 9; k++) fw[ch * 9 + k] = w[ch * 9 + k] * scale;
        }
        return new Folded(fw, fb);
    }
}
