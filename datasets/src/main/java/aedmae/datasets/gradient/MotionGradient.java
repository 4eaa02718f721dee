package aedmae.datasets.gradient;

import aedmae.tensor.Device;
import aedmae.tensor.F;
import aedmae.tensor.Tensor;

/**
 * The motion gradient of frame t: g_t = |M(x_{t−1}) − M(x_{t+1})| per channel and pixel, where M
 * is the 3×3 median filter with replicated borders ({@link F#medianFilter3x3}, the tensor library's
 * kernel, on the host) for {@link GradientMode#MEDIAN} and the identity for {@link GradientMode#PLAIN}. A
 * neighbour missing at a video's edge is replaced by frame t itself (as for the input frames).
 * Frames are uint8, so medians are uint8 values and |a − b| fits uint8 exactly: gradients are
 * stored and returned as uint8, 0..255, not normalised.
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

    /**
     * Recomputes g = |M(prev) − M(next)| inside the rectangle rows [y0, y1) × columns [x0, x1)
     * only, leaving out elsewhere as it is. The median of a pixel depends on its 3×3
     * neighbourhood only, so filtering a crop one pixel larger than the rectangle (clipped at
     * the image's edges, where the kernel replicates as it does on the whole image) gives the
     * same values as filtering the whole frames. Used when an object was pasted into frames
     * whose clean gradient is cached: outside the pasted pixels' box grown by one pixel, the
     * gradient is unchanged.
     *
     * @param prev frame t−1 [3, H, W] (not modified)
     * @param next frame t+1 [3, H, W] (not modified)
     * @param out  g [3, H, W] at offset 0 (modified inside the rectangle only)
     */
    public static void computeRegion(byte[] prev, byte[] next, int height, int width, GradientMode mode,
                                     int y0, int y1, int x0, int x1, byte[] out) {
        if (y0 >= y1 || x0 >= x1) return;
        int plane = height * width;
        if (mode == GradientMode.PLAIN) {
            for (int c = 0; c < 3; c++)
                for (int y = y0; y < y1; y++)
                    for (int x = x0; x < x1; x++) {
                        int i = c * plane + y * width + x;
                        out[i] = (byte) Math.abs((prev[i] & 0xFF) - (next[i] & 0xFF));
                    }
            return;
        }
        int cy0 = Math.max(0, y0 - 1), cy1 = Math.min(height, y1 + 1), cx0 = Math.max(0, x0 - 1), cx1 = Math.min(width, x1 + 1);
        int ch = cy1 - cy0, cw = cx1 - cx0;
        float[] mp = medianOfCrop(prev, height, width, cy0, ch, cx0, cw), mn = medianOfCrop(next, height, width, cy0, ch, cx0, cw);
        for (int c = 0; c < 3; c++)
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++) {
                    int k = (c * ch + y - cy0) * cw + x - cx0;
                    out[c * plane + y * width + x] = (byte) (int) Math.abs(mp[k] - mn[k]);
                }
    }

    /** The 3×3 median of a crop [3, ch, cw] at (cy0, cx0) of a frame, through the tensor library's kernel. */
    private static float[] medianOfCrop(byte[] frame, int height, int width, int cy0, int ch, int cx0, int cw) {
        int plane = height * width, n = 3 * ch * cw;
        float[] x = new float[n];
        for (int c = 0; c < 3; c++)
            for (int r = 0; r < ch; r++)
                for (int q = 0; q < cw; q++) x[(c * ch + r) * cw + q] = frame[c * plane + (cy0 + r) * width + cx0 + q] & 0xFF;
        return median(x, ch, cw);
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
