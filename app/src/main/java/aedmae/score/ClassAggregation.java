package aedmae.score;

/** How the classification head's ŷ of a frame's several masking passes becomes one number. */
public enum ClassAggregation {
    /** The mean over the passes (the default). */
    MEAN,
    /** The largest: a pass that sees the anomaly suffices. */
    MAX;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ClassAggregation parse(String s) {
        for (ClassAggregation a : values()) if (a.tag().equals(s)) return a;
        throw new IllegalArgumentException("class-probability aggregation must be mean or max, got " + s);
    }
}
