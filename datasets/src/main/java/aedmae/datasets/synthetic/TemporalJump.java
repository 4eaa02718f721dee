package aedmae.datasets.synthetic;

import java.util.Locale;

/**
 * A temporal-jump pseudo-anomaly (skip-frame pseudo-anomalies, Astrid et al., ICCVW 2021; STEAL):
 * the sample's neighbours are taken at t ± 3·stride instead of t ± 3, so every object moves
 * stride times faster than it did, which is what a cyclist or a skater among walkers looks like.
 * Nothing is pasted; the anomaly map is the moving foreground of frame t (the objects whose motion
 * was sped up), and the sample's class label is 1.
 */
public final class TemporalJump implements SyntheticAnomaly {
    private final int stride;
    private final byte[] foreground;
    private final String description;

    /**
     * @param stride     2 or more: neighbours at t ± 3·stride
     * @param foreground [H·W] moving foreground of frame t, 1 on moving pixels (not modified)
     */
    public TemporalJump(int stride, byte[] foreground, String description) {
        if (stride < 2) throw new IllegalArgumentException("a temporal jump needs a stride of at least 2, got " + stride);
        this.stride = stride;
        this.foreground = foreground;
        this.description = description;
    }

    @Override
    public int stride() {
        return stride;
    }

    /** Leaves the frame as it is; at dt = 0 marks the moving foreground in the mask. */
    @Override
    public int paste(int dt, byte[] frame, byte[] mask) {
        if (dt != 0) return 0;
        int n = 0;
        for (int p = 0; p < foreground.length; p++)
            if (foreground[p] != 0) {
                if (mask != null) mask[p] = 1;
                n++;
            }
        return n;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "temporal jump: neighbours at t ± %d (stride %d), %s", 3 * stride, stride, description);
    }
}
