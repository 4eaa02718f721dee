package aedmae.eval;

/**
 * Per-video min–max normalisation of frame scores to [0, 1] (the reference code's ShanghaiTech
 * setting, applied after the temporal filter).
 */
public final class MinMaxNormalisation {
    private MinMaxNormalisation() {}

    /**
     * {@code (s - min) / (max - min)} per element; a constant video (max = min) maps to all zeros
     * (NumPy would give NaN there). Returns a new array; the input is not modified.
     */
    public static double[] apply(double[] scores) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (Double.isNaN(s)) throw new IllegalArgumentException("min-max normalisation: score " + i + " is NaN");
            if (s < min) min = s;
            if (s > max) max = s;
        }
        double[] out = new double[scores.length];
        double range = max - min;
        if (!(range > 0)) return out;
        for (int i = 0; i < out.length; i++) out[i] = (scores[i] - min) / range;
        return out;
    }
}
