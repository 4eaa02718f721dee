package aedmae.eval;

/**
 * Weights of the three anomaly-score components of paper Eq. 6.
 *
 * @param alpha weight of the teacher's reconstruction error ‖x_t − x̂_t‖²
 * @param beta  weight of the teacher–student discrepancy ‖x̂_t − x̃_t‖²
 * @param gamma weight of the classification head's probability ŷ_t
 */
public record ScoreWeights(double alpha, double beta, double gamma) {
    /** The paper's values for all data sets (Section 4.1): α = 0.4, β = 0.3, γ = 0.3. */
    public static final ScoreWeights PAPER = new ScoreWeights(0.4, 0.3, 0.3);
    /** The reference code's Avenue score: teacher error + discrepancy, no head (use with {@link FrameReduction#MEAN}). */
    public static final ScoreWeights REFERENCE_AVENUE = new ScoreWeights(1, 1, 0);
    /** The reference code's ShanghaiTech score: teacher error only (use with {@link FrameReduction#MEAN}). */
    public static final ScoreWeights REFERENCE_SHANGHAITECH = new ScoreWeights(1, 0, 0);

    public ScoreWeights {
        if (!Double.isFinite(alpha) || !Double.isFinite(beta) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("score weights must be finite, got " + alpha + ", " + beta + ", " + gamma);
        }
    }
}
