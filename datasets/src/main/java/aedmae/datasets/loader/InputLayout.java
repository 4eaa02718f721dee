package aedmae.datasets.loader;

/**
 * The channel layout of a sample, declared once (docs/model-spec.md "Input and target", paper Sec. 3):
 * <pre>
 *   input  [9, H, W] = frames t−3, t, t+3 (in that order) × RGB; frame t is channels 3..5
 *   target [4, H, W] = the clean frame t (RGB, channels 0..2) + the anomaly map (channel 3, −1 normal, +1 anomaly)
 *   gradient [3, H, W] = the motion gradient of frame t, per colour channel
 * </pre>
 * The decoders predict the target's 4 channels; the anomaly score compares the observed frame t
 * (with a "normal" map channel) to them.
 */
public final class InputLayout {
    private InputLayout() {}

    /** Colour channels of a frame (RGB). */
    public static final int COLOURS = 3;
    /** Frames stacked in the input: t−3, t, t+3. */
    public static final int FRAMES = 3;
    /** Channels of the input: FRAMES × COLOURS = 9. */
    public static final int INPUT_CHANNELS = FRAMES * COLOURS;
    /** Position of frame t among the input's frames. */
    public static final int CURRENT_FRAME = 1;
    /** The first input channel of frame t: 3 (frame t is channels 3..5). */
    public static final int CURRENT_FRAME_CHANNEL = CURRENT_FRAME * COLOURS;
    /** Channels of the target and of the decoders' predictions: frame t's colours and the anomaly map = 4. */
    public static final int TARGET_CHANNELS = COLOURS + 1;
    /** The anomaly-map channel of the target: 3. */
    public static final int MAP_CHANNEL = COLOURS;
    /** Channels of the motion gradient: 3. */
    public static final int GRADIENT_CHANNELS = COLOURS;

    /** The time offset of the input's k-th frame relative to t: −3, 0, +3 for k = 0, 1, 2. */
    public static int frameOffset(int k) {
        if (k < 0 || k >= FRAMES) throw new IndexOutOfBoundsException("input frame " + k + " of " + FRAMES);
        return 3 * (k - CURRENT_FRAME);
    }
}
