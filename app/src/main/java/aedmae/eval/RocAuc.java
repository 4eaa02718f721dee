package aedmae.eval;

import java.util.Arrays;

/**
 * Exact area under the ROC curve of scores against 0/1 labels, and the ROC curve itself.
 *
 * <p>The AUC is the Mann–Whitney statistic: the probability that a random abnormal frame scores
 * higher than a random normal frame, ties counting one half. This equals the trapezoidal area under
 * the ROC curve and {@code sklearn.metrics.roc_auc_score}. Pairs are counted in {@code long}
 * integers (halves doubled), so the result is exact up to the one final division.
 *
 * <p>The AUC is undefined when only one class is present (sklearn raises an error there); this
 * class returns {@link Double#NaN} in that case, and callers decide what to do with such videos
 * (see {@link FrameLevelAuc}).
 */
public final class RocAuc {
    private RocAuc() {}

    /**
     * ROC AUC of scores against labels.
     *
     * @param scores one score per frame, higher = more abnormal; not modified; NaN is rejected
     * @param labels one label per frame, 0 or 1; not modified
     * @return the AUC in [0, 1], or NaN when all labels are equal (or there are no frames)
     */
    public static double auc(double[] scores, int[] labels) {
        int[] order = sortedAscending(scores, labels);
        long positives = 0;
        for (int l : labels) positives += l;
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) return Double.NaN;
        // Walk groups of equal scores from the lowest: each positive beats every negative seen in
        // earlier groups (2 half-units) and ties with each negative of its own group (1 half-unit).
        long halfUnits = 0;
        long negativesBelow = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            long pos = 0, neg = 0;
            double s = scores[order[i]];
            while (j < order.length && scores[order[j]] == s) {
                if (labels[order[j]] == 1) pos++; else neg++;
                j++;
            }
            halfUnits += pos * (2 * negativesBelow + neg);
            negativesBelow += neg;
            i = j;
        }
        return halfUnits / (2.0 * positives * negatives);
    }

    /** {@link #auc(double[], int[])} for float scores. */
    public static double auc(float[] scores, int[] labels) {
        return auc(toDouble(scores), labels);
    }

    /**
     * The ROC curve: one point per distinct score, in decreasing order of threshold, after the
     * point (0, 0) at +∞ (sklearn's {@code roc_curve(..., drop_intermediate=False)}).
     *
     * @param scores one score per frame; not modified; NaN is rejected
     * @param labels one label per frame, 0 or 1; not modified
     */
    public static RocCurve curve(double[] scores, int[] labels) {
        int[] order = sortedAscending(scores, labels);
        int n = order.length;
        long positives = 0;
        for (int l : labels) positives += l;
        long negatives = n - positives;
        int distinct = 0;
        for (int k = 0; k < n; k++) {
            if (k == 0 || scores[order[k]] != scores[order[k - 1]]) distinct++;
        }
        double[] fpr = new double[distinct + 1];
        double[] tpr = new double[distinct + 1];
        double[] thresholds = new double[distinct + 1];
        thresholds[0] = Double.POSITIVE_INFINITY;
        // From the highest score down: at each distinct threshold every frame scoring >= it is "abnormal".
        long tp = 0, fp = 0;
        int point = 0;
        int k = n - 1;
        while (k >= 0) {
            double s = scores[order[k]];
            while (k >= 0 && scores[order[k]] == s) {
                if (labels[order[k]] == 1) tp++; else fp++;
                k--;
            }
            point++;
            thresholds[point] = s;
            fpr[point] = negatives == 0 ? Double.NaN : (double) fp / negatives;
            tpr[point] = positives == 0 ? Double.NaN : (double) tp / positives;
        }
        if (negatives == 0) fpr[0] = Double.NaN;
        if (positives == 0) tpr[0] = Double.NaN;
        return new RocCurve(fpr, tpr, thresholds);
    }

    /** Copy of float scores as doubles. */
    public static double[] toDouble(float[] scores) {
        double[] d = new double[scores.length];
        for (int i = 0; i < d.length; i++) d[i] = scores[i];
        return d;
    }

    /** Indices of scores in ascending order of score, after checking the inputs. */
    private static int[] sortedAscending(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("RocAuc: " + scores.length + " scores but " + labels.length + " labels");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) throw new IllegalArgumentException("RocAuc: score " + i + " is NaN");
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("RocAuc: label " + i + " is " + labels[i] + ", expected 0 or 1");
            }
        }
        // Sort (score, index) pairs without boxing: sort scores with their indices packed alongside.
        int n = scores.length;
        long[] keyed = new long[n];
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        // Rank each score into the sorted distinct list, then bucket indices by rank (stable).
        int[] order = new int[n];
        for (int i = 0; i < n; i++) keyed[i] = ((long) rankOf(sorted, scores[i]) << 32) | i;
        Arrays.sort(keyed);
        for (int i = 0; i < n; i++) order[i] = (int) keyed[i];
        return order;
    }

    /** First position of value in a sorted array (lower bound). */
    private static int rankOf(double[] sorted, double value) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Double.compare(sorted[mid], value) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
