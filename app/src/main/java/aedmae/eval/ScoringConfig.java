package aedmae.eval;

/**
 * From pixel-level maps to final frame scores (paper Section 3, "Inference"): 3-D smoothing of the
 * map volume, one score per frame, a temporal Gaussian over the frame scores, then an optional
 * per-video normalisation. The Eq. 6 weights are part of it so that one record describes the scoring.
 *
 * @param weights       α, β, γ of Eq. 6
 * @param mapSmoothing  the spatio-temporal 3-D filter on the map volume
 * @param reduction     map to frame score (MAX in the paper)
 * @param temporal      Gaussian over the frame scores
 * @param normalisation of the temporally smoothed scores, per video
 */
public record ScoringConfig(ScoreWeights weights, MapSmoothing mapSmoothing, FrameReduction reduction,
                            GaussianSmoothing1d temporal, Normalisation normalisation) {
    public ScoringConfig {
        if (weights == null || mapSmoothing == null || reduction == null || temporal == null || normalisation == null) {
            throw new IllegalArgumentException("scoring config: every field must be set");
        }
    }

    /**
     * The paper's pipeline: Eq. 6 with α, β, γ = 0.4, 0.3, 0.3, the given 3-D filter, max per frame,
     * a temporal Gaussian of σ (scipy semantics), no normalisation.
     */
    public static ScoringConfig paper(MapSmoothing mapSmoothing, double temporalSigma) {
        return new ScoringConfig(ScoreWeights.PAPER, mapSmoothing, FrameReduction.MAX,
                GaussianSmoothing1d.scipy(temporalSigma), Normalisation.NONE);
    }

    /**
     * The reference code's Avenue score: mean teacher error + mean teacher–student discrepancy, no
     * 3-D filter, Gaussian σ = 11 over a 37-frame window.
     */
    public static ScoringConfig referenceAvenue() {
        return new ScoringConfig(ScoreWeights.REFERENCE_AVENUE, MapSmoothing.none(), FrameReduction.MEAN,
                GaussianSmoothing1d.window(11, 37), Normalisation.NONE);
    }

    /** The reference code's ShanghaiTech score: mean teacher error, Gaussian σ = 282 (scipy), per-video min–max. */
    public static ScoringConfig referenceShanghaiTech() {
        return new ScoringConfig(ScoreWeights.REFERENCE_SHANGHAITECH, MapSmoothing.none(), FrameReduction.MEAN,
                GaussianSmoothing1d.scipy(282), Normalisation.MIN_MAX_PER_VIDEO);
    }
}
