package aedmae.datasets.synthetic;

/**
 * One synthetic anomaly attached to a sample's frame t: {@link #paste} draws it as it appears
 * in frame t + dt, so the frames around t (t−3, t−1, t+1, t+3) show the same object moving
 * consistently. Frames are [3, H, W] uint8 at model resolution; masks are [H, W], 1 where the
 * object's pixels were pasted.
 */
public interface SyntheticAnomaly {
    /**
     * Pastes the object as it appears at time t + dt.
     *
     * @param frame [3, H, W] uint8 (modified: pasted pixels are blended with the object)
     * @param mask  [H, W] (modified: set to 1 at every pasted pixel, left alone elsewhere); may be null
     * @return the number of pixels pasted
     */
    int paste(int dt, byte[] frame, byte[] mask);

    /**
     * How far apart the sample's frames are: the input holds frames t − 3·stride, t, t + 3·stride.
     * 1 for a pasted object; 2-4 for a {@link TemporalJump}, whose anomaly is the skipped time.
     */
    default int stride() {
        return 1;
    }

    /** What was pasted, from where, along which path ("person from training/05 frame 80, 14.2 px/frame, ..."). */
    String description();
}
