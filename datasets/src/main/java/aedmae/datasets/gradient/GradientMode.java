package aedmae.datasets.gradient;

/** How motion gradients are computed (model-spec "Motion gradient g_t"). */
public enum GradientMode {
    /** The paper (Sec. 3, after Ionescu et al.): 3×3 median filter on both frames, then |difference|. */
    MEDIAN("median"),
    /** The reference code: |difference| of the raw frames, no median filter. */
    PLAIN("plain");

    private final String tag;

    GradientMode(String tag) {
        this.tag = tag;
    }

    /** Short name used in cache file names and reports. */
    public String tag() {
        return tag;
    }
}
