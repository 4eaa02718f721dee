package aedmae.eval;

/** How a pixel-level anomaly map {@code [H, W]} becomes one frame score. */
public enum FrameReduction {
    /** The map's maximum (paper Section 3: "we keep the maximum value from each output map"). */
    MAX,
    /** The map's mean (the reference code's "mean teacher error + mean discrepancy" score). */
    MEAN;

    /** Reduces {@code n} map values starting at {@code offset}; not modified. */
    public double reduce(float[] map, int offset, int n) {
        if (n <= 0) throw new IllegalArgumentException("frame reduction of an empty map");
        if (this == MAX) {
            float m = Float.NEGATIVE_INFINITY;
            for (int i = offset; i < offset + n; i++) {
                if (Float.isNaN(map[i])) throw new IllegalArgumentException("anomaly map holds NaN at " + (i - offset));
                if (map[i] > m) m = map[i];
            }
            return m;
        }
        double s = 0;
        for (int i = offset; i < offset + n; i++) s += map[i];
        if (Double.isNaN(s)) throw new IllegalArgumentException("anomaly map holds NaN");
        return s / n;
    }
}
