package aedmae.train;

import com.google.gson.annotations.SerializedName;

import java.util.function.IntToDoubleFunction;

/**
 * Learning rate per optimiser step within a stage: a linear warm-up, then constant (the paper's
 * Adam at a fixed rate) or a cosine decay to 1% of the base rate (what the reference MAE recipes
 * use; it settles short CPU runs).
 */
public enum LrSchedule {
    @SerializedName("constant") CONSTANT,
    @SerializedName("cosine") COSINE;

    /** The rate at each step (1-based) of a stage of totalSteps steps. */
    IntToDoubleFunction rates(double base, int warmupSteps, int totalSteps) {
        return step -> {
            if (warmupSteps > 0 && step <= warmupSteps) return base * step / warmupSteps;
            if (this == CONSTANT) return base;
            double progress = Math.min(1.0, (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps));
            return base * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * progress)));
        };
    }

    @Override
    public String toString() {
        return TrainConfig.jsonName(this);
    }
}
