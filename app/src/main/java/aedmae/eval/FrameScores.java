package aedmae.eval;

/**
 * One video's frame scores, as written to and read from its CSV file.
 *
 * @param name     the video's name, e.g. {@code "01"}
 * @param raw      {@code [T]} frame scores before the temporal filter (after the 3-D map filter and the reduction)
 * @param smoothed {@code [T]} final frame scores: after the temporal filter and the normalisation, if any
 * @param labels   {@code [T]} 0 normal / 1 abnormal, or null when the ground truth is unknown
 */
public record FrameScores(String name, double[] raw, double[] smoothed, int[] labels) {
    public FrameScores {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("frame scores need a video name");
        if (raw.length != smoothed.length) {
            throw new IllegalArgumentException("video " + name + ": " + raw.length + " raw but " + smoothed.length + " smoothed scores");
        }
        if (labels != null && labels.length != raw.length) {
            throw new IllegalArgumentException("video " + name + ": " + raw.length + " scores but " + labels.length + " labels");
        }
    }

    /** Number of frames T. */
    public int frames() {
        return raw.length;
    }

    /** True when labels are known. */
    public boolean labelled() {
        return labels != null;
    }

    /** The raw scores with their labels; throws when the video has no labels. */
    public VideoScores rawScores() {
        return new VideoScores(name, raw, requireLabels());
    }

    /** The smoothed (final) scores with their labels; throws when the video has no labels. */
    public VideoScores smoothedScores() {
        return new VideoScores(name, smoothed, requireLabels());
    }

    private int[] requireLabels() {
        if (labels == null) throw new IllegalStateException("video " + name + " has no ground-truth labels");
        return labels;
    }
}
