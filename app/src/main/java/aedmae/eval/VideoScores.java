package aedmae.eval;

/**
 * One video's frame scores with its ground-truth labels: the unit of frame-level evaluation.
 *
 * @param name   the video's name, e.g. {@code "01"}
 * @param scores {@code [T]} one score per frame, higher = more abnormal
 * @param labels {@code [T]} 0 normal, 1 abnormal
 */
public record VideoScores(String name, double[] scores, int[] labels) {
    public VideoScores {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("video " + name + ": " + scores.length + " scores but "
                    + labels.length + " labels");
        }
    }

    /** Number of frames. */
    public int frames() {
        return scores.length;
    }

    /** Number of abnormal frames. */
    public int abnormalFrames() {
        int n = 0;
        for (int l : labels) n += l;
        return n;
    }
}
