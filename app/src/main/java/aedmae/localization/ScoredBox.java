package aedmae.localization;

import aedmae.datasets.regions.Box;

/**
 * A detected abnormal region: its box and its score (the anomaly map's maximum inside it, in the
 * map's units; the threshold sweep of {@link DetectionCriteria} runs over these scores).
 */
public record ScoredBox(Box box, double score) {
    /** The same detection in another pixel grid. */
    public ScoredBox scaled(double sx, double sy) {
        return new ScoredBox(box.scaled(sx, sy), score);
    }
}
