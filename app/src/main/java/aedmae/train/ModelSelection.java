package aedmae.train;

import com.google.gson.annotations.SerializedName;

/** How a run picks the checkpoint it reports. */
public enum ModelSelection {
    /** The best validation score on held-out training videos with synthetic anomalies (no test data). */
    @SerializedName("validation") VALIDATION,
    /** The last epoch. */
    @SerializedName("last") LAST,
    /** The best test micro AUC: selects on the TEST set, so its numbers are optimistic (reports say so). */
    @SerializedName("oracle-test") ORACLE_TEST;

    /** The name in config files and on the command line: validation, last, oracle-test. */
    @Override
    public String toString() {
        return TrainConfig.jsonName(this);
    }
}
