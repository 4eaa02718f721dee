package aedmae.eval;

/**
 * Points of a receiver operating characteristic, as {@code sklearn.metrics.roc_curve} returns them
 * with {@code drop_intermediate=False}: one point per distinct score, thresholds in decreasing order,
 * preceded by the point (0, 0) at threshold +∞. A frame is called abnormal at threshold θ when its
 * score is ≥ θ.
 *
 * @param fpr        false-positive rate per point, non-decreasing, from 0 to 1 (NaN when there are no negatives)
 * @param tpr        true-positive rate per point, non-decreasing, from 0 to 1 (NaN when there are no positives)
 * @param thresholds decreasing thresholds; {@code thresholds[0]} is {@link Double#POSITIVE_INFINITY}
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {
    public RocCurve {
        if (fpr.length != tpr.length || fpr.length != thresholds.length) {
            throw new IllegalArgumentException("RocCurve: fpr, tpr and thresholds differ in length: "
                    + fpr.length + ", " + tpr.length + ", " + thresholds.length);
        }
    }

    /** Number of points, the (0, 0) start included. */
    public int size() {
        return fpr.length;
    }

    /** Area under the curve by the trapezoidal rule; equals {@link RocAuc#auc} on the same data. */
    public double trapezoidalArea() {
        double area = 0;
        for (int i = 1; i < fpr.length; i++) {
            area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
        }
        return area;
    }
}
