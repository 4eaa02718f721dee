package aedmae.model;

import com.google.gson.annotations.SerializedName;

/** The stage-2 objective. */
public enum StudentLoss {
    /** The paper's Eq. 4: the motion-weighted distance to the teacher over all tokens. */
    @SerializedName("paper") PAPER,
    /** The reference code's: the mean distance to the teacher over the masked tokens. */
    @SerializedName("reference") REFERENCE
}
