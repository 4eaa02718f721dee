package aedmae.score;

import aedmae.datasets.loader.InputLayout;

/**
 * The x_t of Eq. 6: the frame as observed (frame t of the input, see {@link InputLayout}), with a
 * fourth, "normal" (-1) anomaly-map channel, the target the teacher learned for frames without
 * anomalies. At test time it is the real frame; in validation it carries the pasted synthetic
 * object, exactly as a real anomaly would appear.
 */
public final class ObservedFrame {
    private ObservedFrame() {}

    /** Channels of x_t: the frame's colours and the anomaly-map channel, like the decoders' output. */
    public static final int CHANNELS = InputLayout.TARGET_CHANNELS;

    /** [4, H, W] for sample i of a flattened input batch [B, 9, H, W]. */
    public static float[] of(float[] input, int sample, int plane) {
        float[] x = new float[CHANNELS * plane];
        int colours = InputLayout.COLOURS * plane;
        System.arraycopy(input, (sample * InputLayout.INPUT_CHANNELS + InputLayout.CURRENT_FRAME_CHANNEL) * plane, x, 0, colours);
        java.util.Arrays.fill(x, colours, CHANNELS * plane, -1f);
        return x;
    }
}
