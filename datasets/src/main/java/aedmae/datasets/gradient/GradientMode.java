package aedmae.datasets.gradient;

import com.google.gson.annotations.SerializedName;

/** How motion gradients are computed (docs/model-spec.md "Motion gradient g_t"). */
public enum GradientMode {
    /** The paper (Sec. 3, after Ionescu et al.): 3×3 median filter on both frames, then |difference|. */
    @SerializedName("median") MEDIAN("median"),
    /** The reference code: |difference| of the raw frames, no median filter. */
    @SerializedName("plain") PLAIN("plain");

    private final String tag;

    GradientMode(String tag) {
        this.tag = tag;
    }

    /** Short name used in cache file names and reports. */
    public String tag() {
        return tag;
    }
}
