package aedmae.score;

import aedmae.eval.GaussianSmoothing1d;
import aedmae.eval.MapSmoothing;
import aedmae.eval.ScoringConfig;

import java.util.Set;

/**
 * How frames are scored.
 *
 * @param passes        complementary maskings per frame (every token reconstructed while masked), or
 *                      {@link Reconstruction#UNMASKED}: one pass that masks nothing
 * @param seed          fixes the maskings: the same seed gives the same scores
 * @param batch         frames per forward pass
 * @param scoring       Eq. 6 weights, 3-D smoothing, frame reduction, temporal Gaussian, normalisation
 * @param mapChannel    include the predicted anomaly-map channel in the teacher error (its target is
 *                      "normal", -1): the map the teacher was trained to predict then adds to the score
 * @param overlayVideos videos whose anomaly-map overlays are written (empty: none)
 * @param overlayStride write every n-th frame's overlay
 * @param tokenSource   which passes each token's reconstruction comes from (masked, visible, all)
 * @param classAggregation how ŷ of the passes is combined (mean, max)
 */
public record ScoreOptions(int passes, long seed, int batch, ScoringConfig scoring, boolean mapChannel,
                           Set<String> overlayVideos, int overlayStride, TokenSource tokenSource,
                           ClassAggregation classAggregation) {

    /**
     * Defaults: 2 complementary passes, Eq. 6 with the paper's weights, a 3-D Gaussian (σ 1 frame,
     * 2 pixels), max per frame, a temporal Gaussian of σ = temporalSigma frames.
     */
    public static ScoreOptions defaults(long seed, int batch, double temporalSigma) {
        return new ScoreOptions(2, seed, batch, ScoringConfig.paper(MapSmoothing.gaussian(1.0, 2.0), temporalSigma), true, Set.of(), 10,
                TokenSource.MASKED, ClassAggregation.MEAN);
    }

    /**
     * The reference code's scoring for datasets other than Avenue (named "reference"): one random
     * masking per frame (ratio 1/2), the teacher error averaged over all tokens and all 4
     * channels, no 3-D filter, a temporal Gaussian of σ = 282, per-video min–max normalisation.
     */
    public static ScoreOptions reference(long seed, int batch) {
        return new ScoreOptions(1, seed, batch, ScoringConfig.referenceShanghaiTech(), true, Set.of(), 10, TokenSource.ALL, ClassAggregation.MEAN);
    }

    public ScoreOptions withScoring(ScoringConfig s) {
        return new ScoreOptions(passes, seed, batch, s, mapChannel, overlayVideos, overlayStride, tokenSource, classAggregation);
    }

    public ScoreOptions withOverlays(Set<String> videos, int stride) {
        return new ScoreOptions(passes, seed, batch, scoring, mapChannel, videos, stride, tokenSource, classAggregation);
    }

    /** The same options with other Eq. 6 weights. */
    public ScoreOptions withWeights(aedmae.eval.ScoreWeights w) {
        ScoringConfig c = scoring;
        return withScoring(new ScoringConfig(w, c.mapSmoothing(), c.reduction(), c.temporal(), c.normalisation()));
    }

    /** The same options with another number of frames per forward pass. */
    public ScoreOptions withBatch(int frames) {
        return new ScoreOptions(passes, seed, frames, scoring, mapChannel, overlayVideos, overlayStride, tokenSource, classAggregation);
    }

    public ScoreOptions withPasses(int k) {
        return new ScoreOptions(k, seed, batch, scoring, mapChannel, overlayVideos, overlayStride, tokenSource, classAggregation);
    }

    public ScoreOptions with(TokenSource t, ClassAggregation a) {
        return new ScoreOptions(passes, seed, batch, scoring, mapChannel, overlayVideos, overlayStride, t, a);
    }

    /** The same options with another temporal Gaussian and per-video normalisation. */
    public ScoreOptions withTemporal(GaussianSmoothing1d temporal, aedmae.eval.Normalisation normalisation) {
        ScoringConfig c = scoring;
        return withScoring(new ScoringConfig(c.weights(), c.mapSmoothing(), c.reduction(), temporal, normalisation));
    }

    /** What the shared frame loop needs of these options: passes, channels, Eq. 6 weights. */
    public FrameLoop.Options frameLoop() {
        return new FrameLoop.Options(passes, mapChannel, scoring.weights(), tokenSource, classAggregation);
    }

    /** A one-line description for the protocol card. */
    public String describe() {
        GaussianSmoothing1d t = scoring.temporal();
        String channels = mapChannel ? "4 (frame + map)" : "3";
        if (passes == Reconstruction.UNMASKED)
            return String.format("one pass without masking (the encoder sees every token), seed %d; Eq. 6 over %s channels", seed, channels);
        return String.format("%d complementary masking pass(es), seed %d; tokens from the %s passes, class probability %s over passes; Eq. 6 over %s channels",
                passes, seed, tokenSource == TokenSource.ALL ? "all" : tokenSource.tag(), classAggregation.tag(), channels);
    }
}
