package aedmae.score;

/**
 * The x_t of Eq. 6: the frame as observed (channels 3..5 of the 9-channel input, frames t-3, t,
 * t+3), with a fourth, "normal" (-1) anomaly-map channel, the target the teacher learned for
 * frames without anomalies. At test time it is the real frame; in validation it carries the
 * pasted synthetic object, exactly as a real anomaly would appear.
 */
public final class ObservedFrame {
    private ObservedFrame() {}

    /** Channels of x_t: the frame's 3 colours and the anomaly-map channel, like the decoders' output. */
    public static final int CHANNELS = 4;

    /** [4, H, W] for sample i of a flattened input batch [B, 9, H, W]. */
    public static float[] of(float[] input, int sample, int plane) {
        float[] x = new float[4 * plane];
        System.arraycopy(input, (sample * 9 + 3) * plane, x, 0, 3 * plane);
        java.util.Arrays.fill(x, 3 * plane, 4 * plane, -1f);
        return x;
    }
}
