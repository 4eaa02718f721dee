package aedmae.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PixelAnomalyMapTest {
    @Test
    void eq6ByHandOnTwoPixelsTwoChannels() {
        // [C=2, H=1, W=2]
        float[] x = {1, 0, 2, 0};
        float[] teacher = {0, 0, 0, 1};
        float[] student = {0, 2, 1, 1};
        float[] out = new float[2];
        PixelAnomalyMap.compute(x, teacher, student, 0.5, 2, 1, 2, ScoreWeights.PAPER, out);
        // pixel 0: err = 1 + 4 = 5, disc = 0 + 1 = 1 -> 0.4*5 + 0.3*1 + 0.3*0.5 = 2.45
        // pixel 1: err = 0 + 1 = 1, disc = 4 + 0 = 4 -> 0.4 + 1.2 + 0.15 = 1.75
        assertArrayEquals(new float[] {2.45f, 1.75f}, out, 1e-6f);
    }

    @Test
    void eachTermIsTheSquaredDistanceOverTheChannels() {
        float[] x = {1, 0, 2, 0};
        float[] teacher = {0, 0, 0, 1};
        // pixel 0: (1-0)^2 + (2-0)^2 = 5; pixel 1: 0 + (0-1)^2 = 1
        assertEquals(5.0, PixelAnomalyMap.squaredDistance(x, teacher, 2, 2, 0));
        assertEquals(1.0, PixelAnomalyMap.squaredDistance(x, teacher, 2, 2, 1));
        // alpha alone gives the teacher term itself, the number the validator's calibration spreads
        float[] out = new float[2];
        PixelAnomalyMap.compute(x, teacher, null, 0, 2, 1, 2, new ScoreWeights(1, 0, 0), out);
        assertArrayEquals(new float[] {5, 1}, out);
    }

    @Test
    void teacherOnlyNeedsNoStudent() {
        float[] out = new float[1];
        PixelAnomalyMap.compute(new float[] {3}, new float[] {1}, null, 0, 1, 1, 1, ScoreWeights.REFERENCE_SHANGHAITECH, out);
        assertEquals(4f, out[0]);
    }

    @Test
    void mismatchedSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PixelAnomalyMap.compute(new float[4], new float[3], new float[4],
                0, 1, 2, 2, ScoreWeights.PAPER, new float[4]));
        assertThrows(IllegalArgumentException.class, () -> PixelAnomalyMap.compute(new float[4], new float[4], null,
                0, 1, 2, 2, ScoreWeights.PAPER, new float[4]));
        assertThrows(IllegalArgumentException.class, () -> PixelAnomalyMap.compute(new float[4], new float[4], new float[4],
                1.5, 1, 2, 2, ScoreWeights.PAPER, new float[4]));
    }

    @Test
    void videoScorerTakesTheMaxThenSmoothsInTime() {
        ScoringConfig cfg = new ScoringConfig(ScoreWeights.PAPER, MapSmoothing.none(), FrameReduction.MAX,
                GaussianSmoothing1d.scipy(1.0), Normalisation.NONE);
        VideoScorer s = new VideoScorer(1, 3, cfg);
        double[] maxima = {1, 5, 2, 8, 3};
        for (double m : maxima) s.accept(new float[] {0, (float) m, (float) (m / 2)});
        FrameScores fs = s.finish("v", new int[] {0, 0, 1, 1, 0});
        assertArrayEquals(maxima, fs.raw());
        assertArrayEquals(GaussianSmoothing1d.scipy(1.0).apply(maxima), fs.smoothed(), 1e-12);
        assertEquals("v", fs.name());
    }

    @Test
    void videoScorerAppliesTheMapFilterBeforeTheMax() {
        ScoringConfig cfg = new ScoringConfig(ScoreWeights.PAPER, MapSmoothing.box(0, 1), FrameReduction.MAX,
                GaussianSmoothing1d.none(), Normalisation.MIN_MAX_PER_VIDEO);
        VideoScorer s = new VideoScorer(1, 3, cfg);
        s.accept(new float[] {0, 3, 0}); // box over x with reflect: [1, 1, 1] -> max 1
        s.accept(new float[] {3, 3, 3}); // -> max 3
        s.accept(new float[] {0, 0, 6}); // [0, 2, 4] -> max 4
        FrameScores fs = s.finish("v", null);
        assertArrayEquals(new double[] {1, 3, 4}, fs.raw(), 1e-6);
        assertArrayEquals(new double[] {0, 2.0 / 3, 1}, fs.smoothed(), 1e-6);
    }

    @Test
    void meanReductionForTheReferenceScore() {
        assertEquals(2.0, FrameReduction.MEAN.reduce(new float[] {1, 2, 3}, 0, 3));
        assertEquals(3.0, FrameReduction.MAX.reduce(new float[] {1, 2, 3}, 0, 3));
    }
}
