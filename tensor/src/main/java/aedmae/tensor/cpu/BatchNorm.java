package aedmae.tensor.cpu;

/**
 * BatchNorm2d over a contiguous [outer, C, inner] block, forward and backward (CPU twin of
 * kernels/batchnorm.cu). NCHW tensors use outer = N, inner = H*W; channels-last tensors use
 * outer = N*H*W, inner = 1, which is the layout the CvT projections produce.
 */
public final class BatchNorm {
    private BatchNorm() {}

    /** Batch mean and biased variance per channel (double accumulation). Overwrites mean, var. */
    public static void stats(float[] x, int xOff, int outer, int channels, int inner, float[] mean, float[] var) {
        double[][] sums = channelSums(x, xOff, outer, channels, inner, null, 0, null);
        double count = (double) outer * inner;
        for (int c = 0; c < channels; c++) mean[c] = (float) (sums[0][c] / count);
        double[][] sq = channelSums(x, xOff, outer, channels, inner, mean, 0, null);
        for (int c = 0; c < channels; c++) var[c] = (float) (sq[1][c] / count);
    }

    /**
     * Per-channel sums over [outer, C, inner]. With centre == null: sums[0] = sum x. Otherwise
     * sums[1] = sum (x - centre)^2 and, when dy != null, sums[0] = sum dy, sums[1] = sum dy*(x-centre)
     * (the two reductions batch-norm backward needs).
     */
    private static double[][] channelSums(float[] x, int xOff, int outer, int channels, int inner,
                                          float[] centre, int dyOff, float[] dy) {
        int chunks = Math.max(1, Math.min(Parallel.threads(), outer));
        double[][][] parts = new double[chunks][][];
        Parallel.forRange(chunks, 1, (cs, ce) -> {
            for (int k = cs; k < ce; k++) {
                int o0 = (int) ((long) outer * k / chunks), o1 = (int) ((long) outer * (k + 1) / chunks);
                double[] s0 = new double[channels], s1 = new double[channels];
                float[] acc0 = new float[channels], acc1 = new float[channels];
                for (int o = o0; o < o1; o++) {
                    int base = xOff + o * channels * inner;
                    int gbase = dyOff + o * channels * inner;
                    if (inner == 1) {
                        // channels-last rows: vectorisable over channels, flushed to double per row
                        for (int c = 0; c < channels; c++) {
                            float v = x[base + c];
                            if (centre == null) acc0[c] += v;
                            else if (dy == null) { float d = v - centre[c]; acc1[c] += d * d; }
                            else { float g = dy[gbase + c]; acc0[c] += g; acc1[c] += g * (v - centre[c]); }
                        }
                        if ((o - o0) % 64 == 63 || o == o1 - 1) {
                            for (int c = 0; c < channels; c++) { s0[c] += acc0[c]; s1[c] += acc1[c]; acc0[c] = 0; acc1[c] = 0; }
                        }
                    } else {
                        for (int c = 0; c < channels; c++) {
                            int p = base + c * inner, g = gbase + c * inner;
                            double a0 = 0, a1 = 0;
                            for (int i = 0; i < inner; i++) {
                                float v = x[p + i];
                                if (centre == null) a0 += v;
                                else if (dy == null) { float d = v - centre[c]; a1 += d * d; }
                                else { float gg = dy[g + i]; a0 += gg; a1 += gg * (v - centre[c]); }
                            }
                            s0[c] += a0;
                            s1[c] += a1;
                        }
                    }
                }
                parts[k] = new double[][]{s0, s1};
            }
        });
        double[][] total = new double[2][channels];
        for (double[][] p : parts) {
            for (int c = 0; c < channels; c++) { total[0][c] += p[0][c]; total[1][c] += p[1][c]; }
        }
        return total;
    }

    /** {scale, shift} per channel such that BatchNorm(x) = x * scale + shift (w, b nullable). */
    static float[][] affine(float[] mean, float[] var, float[] w, float[] b, float eps, int channels) {
        float[] scale = new float[channels], shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            float inv = (float) (1.0 / Math.sqrt(var[c] + eps));
            scale[c] = inv * (w != null ? w[c] : 1f);
            shift[c] = (b != null ? b[c] : 0f) - mean[c] * scale[c];
        }
        return new float[][]{scale, shift};
    }

    /** In place, channels-last: y[off + p*channels + c] = y * scale[c] + shift[c] for p in [0, pixels). */
    static void applyRow(float[] y, int off, int pixels, int channels, float[] scale, float[] shift) {
        for (int p = 0; p < pixels; p++) {
            int base = off + p * channels;
            for (int c = 0; c < channels; c++) y[base + c] = y[base + c] * scale[c] + shift[c];
        }
    }

    /** y = (x - mean) * invstd * w + b per channel. */
    public static void forward(float[] x, int xOff, float[] mean, float[] var, float[] w, float[] b, float eps,
                               int outer, int channels, int inner, float[] y, int yOff) {
        float[][] affine = affine(mean, var, w, b, eps, channels);
        float[] scale = affine[0], shift = affine[1];
        Parallel.forRange(outer, Math.max(1, 16384 / Math.max(channels * inner, 1)), (s, e) -> {
            for (int o = s; o < e; o++) {
                int base = o * channels * inner;
                if (inner == 1) {
                    for (int c = 0; c < channels; c++) y[yOff + base + c] = x[xOff + base + c] * scale[c] + shift[c];
                } else {
                    for (int c = 0; c < channels; c++) {
                        int p = base + c * inner;
                        float sc = scale[c], sh = shift[c];
                        for (int i = 0; i < inner; i++) y[yOff + p + i] = x[xOff + p + i] * sc + sh;
                    }
                }
            }
        });
    }

    /**
     * Backward. With batch statistics: dx = w*invstd/N * (N*dy - sum(dy) - xhat*sum(dy*xhat));
     * with fixed statistics (eval): dx = dy*w*invstd. dw = sum(dy*xhat), db = sum(dy).
     */
    public static void backward(float[] x, int xOff, float[] mean, float[] var, float[] w, float eps,
                                boolean batchStats, int outer, int channels, int inner,
                                float[] dy, int dyOff, float[] dx, int dxOff, float[] dw, float[] db) {
        double[][] s = channelSums(x, xOff, outer, channels, inner, mean, dyOff, dy);
        double count = (double) outer * inner;
        float[] invstd = new float[channels], a = new float[channels], bcoef = new float[channels], cc = new float[channels];
        for (int c = 0; c < channels; c++) {
            invstd[c] = (float) (1.0 / Math.sqrt(var[c] + eps));
            float wc = w != null ? w[c] : 1f;
            double sumDy = s[0][c], sumDyXhat = s[1][c] * invstd[c];
            if (dw != null) dw[c] = (float) sumDyXhat;
            if (db != null) db[c] = (float) sumDy;
            // dx = a*dy + bcoef*(x - mean) + cc
            a[c] = wc * invstd[c];
            if (batchStats) {
                bcoef[c] = (float) (-wc * invstd[c] * invstd[c] * sumDyXhat / count);
                cc[c] = (float) (-wc * invstd[c] * sumDy / count);
            }
        }
        if (dx == null) return;
        Parallel.forRange(outer, Math.max(1, 16384 / Math.max(channels * inner, 1)), (st, en) -> {
            for (int o = st; o < en; o++) {
                int base = o * channels * inner;
                if (inner == 1) {
                    for (int c = 0; c < channels; c++) {
                        dx[dxOff + base + c] = a[c] * dy[dyOff + base + c] + bcoef[c] * (x[xOff + base + c] - mean[c]) + cc[c];
                    }
                } else {
                    for (int c = 0; c < channels; c++) {
                        int p = base + c * inner;
                        for (int i = 0; i < inner; i++) {
                            dx[dxOff + p + i] = a[c] * dy[dyOff + p + i] + bcoef[c] * (x[xOff + p + i] - mean[c]) + cc[c];
                        }
                    }
                }
            }
        });
    }
}
