package aedmae.datasets.loader;

import aedmae.datasets.frames.FrameStore;
import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.gradient.MotionGradient;
import aedmae.datasets.synthetic.SyntheticAnomaly;

/**
 * Turns frame t of a video into one sample (docs/model-spec.md "Input and target"), writing into slot i
 * of batch arrays:
 * <ul>
 *   <li>input [9, H, W]: frames t−3, t, t+3; a neighbour outside the video is frame t itself;</li>
 *   <li>target [4, H, W]: clean frame t, then the anomaly map as −1/+1;</li>
 *   <li>gradient [3, H, W]: 0..255. Without an anomaly it comes from the store (cache). With one,
 *       it is the gradient of frames t−1 and t+1 WITH the object pasted: the loss weights then
 *       follow the motion the model actually sees in its input, and the pasted object's own
 *       motion raises the weights of its patches (the paper adds the anomaly map on top). It is
 *       recomputed only around the pasted pixels ({@link MotionGradient#computeRegion}), which
 *       gives exactly the whole-frame result;</li>
 *   <li>anomalyMap [1, H, W]: 1 on the pixels pasted into frame t.</li>
 * </ul>
 * Values v are normalised as (v − 127.5)/127.5. A pasted object is placed at time offset
 * dt = τ − t for each frame τ used, and at dt = 0 for a neighbour replaced by frame t, so the
 * object is where it is in frame t whenever frame t stands in.
 */
final class SampleAssembler {
    private static final float[] NORM = new float[256];

    static {
        for (int v = 0; v < 256; v++) NORM[v] = (v - 127.5f) / 127.5f;
    }

    private final FrameStore store;
    private final GradientMode mode;
    private final int h, w, plane;
    private final ThreadLocal<byte[][]> scratch;

    SampleAssembler(FrameStore store, GradientMode mode) {
        this.store = store;
        this.mode = mode;
        this.h = store.height();
        this.w = store.width();
        this.plane = h * w;
        scratch = ThreadLocal.withInitial(() -> new byte[][] {new byte[3 * plane], new byte[3 * plane], new byte[3 * plane], new byte[plane], new byte[plane]});
    }

    /**
     * Fills slot i of input [B,9,H,W], target [B,4,H,W], gradient [B,3,H,W], map [B,1,H,W].
     *
     * @param anomaly the synthetic anomaly to paste, or null
     * @return the sample's label: 1 if an anomaly was pasted into frame t, else 0
     */
    int assemble(int v, int t, SyntheticAnomaly anomaly, float[] input, float[] target, float[] gradient, float[] map, int i) {
        byte[][] s = scratch.get();
        byte[] buf = s[0], prev = s[1], next = s[2], mask = s[3], pastedMask = s[4];
        int n = store.frameCount(v);
        java.util.Arrays.fill(mask, (byte) 0);
        int pasted = 0;
        for (int k = 0; k < InputLayout.FRAMES; k++) {
            int tau = t + InputLayout.frameOffset(k);
            if (tau < 0 || tau >= n) tau = t;
            store.readFrame(v, tau, buf, 0);
            if (anomaly != null) {
                int p = anomaly.paste(tau - t, buf, k == InputLayout.CURRENT_FRAME ? mask : null);
                if (k == InputLayout.CURRENT_FRAME) pasted = p;
            }
            normalise(buf, input, (long) i * InputLayout.INPUT_CHANNELS * plane + (long) k * InputLayout.COLOURS * plane);
        }
        // target: the clean frame t and the map
        store.readFrame(v, t, buf, 0);
        long tOff = (long) i * InputLayout.TARGET_CHANNELS * plane;
        normalise(buf, target, tOff);
        long mOff = (long) i * plane;
        for (int p = 0; p < plane; p++) {
            target[(int) (tOff + (long) InputLayout.MAP_CHANNEL * plane + p)] = mask[p] != 0 ? 1f : -1f;
            map[(int) (mOff + p)] = mask[p] != 0 ? 1f : 0f;
        }
        // gradient
        if (anomaly == null) {
            store.readGradient(v, t, buf, 0);
        } else {
            // the clean gradient, then recomputed where the pasted object can change it: the box of
            // the pixels pasted into frames t−1 and t+1, grown by the filter's one-pixel reach
            store.readGradient(v, t, buf, 0);
            int tp = t - 1 >= 0 ? t - 1 : t, tn = t + 1 < n ? t + 1 : t;
            java.util.Arrays.fill(pastedMask, (byte) 0);
            store.readFrame(v, tp, prev, 0);
            anomaly.paste(tp - t, prev, pastedMask);
            store.readFrame(v, tn, next, 0);
            anomaly.paste(tn - t, next, pastedMask);
            int y0 = h, y1 = -1, x0 = w, x1 = -1;
            for (int y = 0; y < h; y++)
                for (int x = 0, p = y * w; x < w; x++, p++)
                    if (pastedMask[p] != 0) {
                        y0 = Math.min(y0, y);
                        y1 = Math.max(y1, y);
                        x0 = Math.min(x0, x);
                        x1 = Math.max(x1, x);
                    }
            if (y1 >= 0)
                MotionGradient.computeRegion(prev, next, h, w, mode, Math.max(0, y0 - 1), Math.min(h, y1 + 2),
                        Math.max(0, x0 - 1), Math.min(w, x1 + 2), buf);
        }
        long gOff = (long) i * 3 * plane;
        for (int p = 0; p < 3 * plane; p++) gradient[(int) (gOff + p)] = buf[p] & 0xFF;
        return pasted > 0 ? 1 : 0;
    }

    private void normalise(byte[] src, float[] dst, long off) {
        int o = (int) off;
        for (int p = 0; p < 3 * plane; p++) dst[o + p] = NORM[src[p] & 0xFF];
    }
}
