package aedmae.localization;

/**
 * The RBDC / TBDC curves: one point per distinct score threshold, from the highest score down,
 * after the starting point (0, 0, 0) at threshold +∞.
 *
 * @param threshold {@code [K]} score threshold of each point (+∞ for the first)
 * @param fpr       {@code [K]} false-positive regions per frame
 * @param rbdr      {@code [K]} region detection rate
 * @param tbdr      {@code [K]} track detection rate
 */
public record DetectionCurve(double[] threshold, double[] fpr, double[] rbdr, double[] tbdr) {
    public int points() {
        return fpr.length;
    }

    /**
     * Area under y(FPR) for FPR from 0 to {@code limit}: trapezoids up to the last point with FPR
     * at most the limit, then that point's y held flat to the limit (the public code's rule).
     * NaN when y is NaN (nothing to detect).
     */
    public static double areaUpTo(double[] fpr, double[] y, double limit) {
        double area = 0;
        int last = 0;
        for (int i = 1; i < fpr.length && fpr[i] <= limit; i++) {
            area += (fpr[i] - fpr[i - 1]) * (y[i] + y[i - 1]) / 2;
            last = i;
        }
        area += (limit - fpr[last]) * y[last];
        return area / limit;
    }

    /** Index of the last point with FPR at most the limit. */
    public int lastAtOrBelow(double limit) {
        int last = 0;
        for (int i = 1; i < fpr.length && fpr[i] <= limit; i++) last = i;
        return last;
    }
}
