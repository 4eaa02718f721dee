package aedmae.datasets.gradient;

import aedmae.tensor.Device;
import aedmae.tensor.F;
import aedmae.tensor.Tensor;

/**
 * The motion gradient of frame t: g_t = |M(x_{t−1}) − M(x_{t+1})| per channel and pixel, where M
 * is the 3×3 median filter with replicated borders ({@link F#medianFilter3x3}, the tensor library's
 * kernel, on the host: this class fills the frame cache) for {@link GradientMode#MEDIAN} and the identity for {@link GradientMode#PLAIN}. A
 * neighbour missing at a video's edge is replaced by frame t itself (as for the input frames).
 * Frames are uint8, so medians are uint8 values and |a − b| fits uint8 exactly: gradients are
 * stored and returned as uint8, 0..255, not normalised.
 * A batch's samples with a pasted object get the same gradient where the model runs
 * (median3x3 of their pasted frames, {@code loader.BatchBytes}).
 * <p>
 * All frames are [3, H, W] planar uint8 ({@code byte}, read as unsigned).
 */
public final class MotionGradient {
    private MotionGradient() {}

    /**
     * Computes g = |M(prev) − M(next)|.
     *
     * @param prev frame t−1 [3, H, W] (not modified)
     * @param next frame t+1 [3, H, W] (not modified)
     * @param out  receives g [3, H, W] at outOff (overwritten)
     */
    public static void compute(byte[] prev, byte[] next, int height, int width, GradientMode mode, byte[] out, int outOff) {
        if (mode == GradientMode.MEDIAN) {
            absDiff(median(prev, height, width), next == prev ? null : median(next, height, width), height, width, out, outOff);
        } else {
            absDiff(prev, next == prev ? null : next, height, width, out, outOff);
        }
    }

    /**
     * The 3×3 median of each of the three planes (replicated borders), through the tensor
     * library's kernel {@link F#medianFilter3x3}.
     *
     * @param frame [3, H, W] (not modified)
     * @return a new [3, H, W] array
     */
    public static byte[] median(byte[] frame, int height, int width) {
        int n = 3 * height * width;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = frame[i] & 0xFF;
        float[] y = median(x, height, width);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) (int) y[i];
        return out;
    }

    /** The 3×3 median of three planes [3, H, W] on the host, through the tensor library. */
    private static float[] median(float[] planes, int height, int width) {
        return F.medianFilter3x3(Tensor.of(Device.CPU, planes, 3, height, width)).toArray();
    }

    /** out = |a − b| element-wise over [3, H, W]; b == null means b = a (all zeros). Overwrites out. */
    public static void absDiff(byte[] a, byte[] b, int height, int width, byte[] out, int outOff) {
        int n = 3 * height * width;
        if (b == null) {
            java.util.Arrays.fill(out, outOff, outOff + n, (byte) 0);
            return;
        }
        for (int i = 0; i < n; i++) out[outOff + i] = (byte) Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
    }
}
