package aedmae.eval;

/** Normalisation of a video's final (temporally smoothed) frame scores. */
public enum Normalisation {
    /** Scores are left as they are. */
    NONE,
    /** {@link MinMaxNormalisation} per video, after the temporal filter (reference ShanghaiTech setting). */
    MIN_MAX_PER_VIDEO;

    /** Applies the normalisation to a copy of the scores. */
    public double[] apply(double[] scores) {
        return this == NONE ? scores.clone() : MinMaxNormalisation.apply(scores);
    }
}
