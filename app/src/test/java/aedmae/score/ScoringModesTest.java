package aedmae.score;

import aedmae.datasets.loader.Batch;
import aedmae.datasets.loader.FrameId;
import aedmae.eval.ScoreWeights;
import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Token sources, ŷ aggregation, and several settings scored from one set of reconstructions. */
class ScoringModesTest {
    private static final Preset P = Preset.named("tiny");

    private static AedMae model() {
        AedMae m = new AedMae(P, true, 1);
        m.eval();
        return m;
    }

    private static Tensor input(int b) {
        return new Rng(2).uniform(-1, 1, b, 9, P.height(), P.width());
    }

    @Test
    void withTwoComplementaryPassesAllTokensIsTheMeanOfMaskedAndVisible() {
        Reconstruction.AllSources r = new Reconstruction(model(), 2).runAll(input(3), new Rng(5));
        float[] masked = r.get(TokenSource.MASKED, ClassAggregation.MEAN).teacher().toArray();
        float[] visible = r.get(TokenSource.VISIBLE, ClassAggregation.MEAN).teacher().toArray();
        float[] all = r.get(TokenSource.ALL, ClassAggregation.MEAN).teacher().toArray();
        double diff = 0;
        for (int i = 0; i < all.length; i++) {
            assertEquals((masked[i] + visible[i]) / 2, all[i], 1e-5, "pixel " + i);
            diff += Math.abs(masked[i] - visible[i]);
        }
        assertTrue(diff > 0, "inpainted and seen tokens are reconstructed differently");
        float[] mean = r.get(TokenSource.ALL, ClassAggregation.MEAN).classProbability();
        float[] max = r.get(TokenSource.ALL, ClassAggregation.MAX).classProbability();
        for (int i = 0; i < mean.length; i++) assertTrue(max[i] >= mean[i] - 1e-7f);
        // the masked source is what run() has always returned
        assertArrayEquals(masked, new Reconstruction(model(), 2).run(input(3), new Rng(5)).teacher().toArray(), 0f);
    }

    @Test
    void withOnePassEveryTokenSourceIsTheSame() {
        Reconstruction.AllSources r = new Reconstruction(model(), 1).runAll(input(2), new Rng(7));
        float[] masked = r.get(TokenSource.MASKED, ClassAggregation.MEAN).teacher().toArray();
        assertArrayEquals(masked, r.get(TokenSource.VISIBLE, ClassAggregation.MEAN).teacher().toArray(), 0f);
        assertArrayEquals(masked, r.get(TokenSource.ALL, ClassAggregation.MEAN).teacher().toArray(), 0f);
    }

    @Test
    void unmaskedScoringShowsTheEncoderEveryTokenInOnePass() {
        Rng[] rngs = {new Rng(3), new Rng(4)};
        aedmae.model.Masking m = aedmae.model.Masking.unmasked(P.tokens(), rngs);
        assertEquals(P.tokens(), m.kept());
        assertEquals(0, m.mask().sum().item(), 0f, "nothing is masked");
        int[] first = java.util.Arrays.copyOf(m.idsKeep().data(), P.tokens());
        assertFalse(java.util.Arrays.equals(first, java.util.stream.IntStream.range(0, P.tokens()).toArray()), "a shuffled order, as training's kept tokens");
        assertArrayEquals(java.util.stream.IntStream.range(0, P.tokens()).toArray(), java.util.Arrays.stream(first).sorted().toArray(), "each token once");

        Reconstruction.AllSources r = new Reconstruction(model(), Reconstruction.UNMASKED).runAll(input(2), new Rng(7));
        float[] all = r.get(TokenSource.ALL, ClassAggregation.MEAN).teacher().toArray();
        assertArrayEquals(all, r.get(TokenSource.VISIBLE, ClassAggregation.MAX).teacher().toArray(), 0f, "one pass: one prediction per token");
        assertArrayEquals(all, new Reconstruction(model(), Reconstruction.UNMASKED).runAll(input(2), new Rng(7))
                .get(TokenSource.ALL, ClassAggregation.MEAN).teacher().toArray(), 0f, "the seed fixes the order");
        float[] visibleOfTwo = new Reconstruction(model(), 2).runAll(input(2), new Rng(7)).get(TokenSource.VISIBLE, ClassAggregation.MEAN).teacher().toArray();
        double diff = 0;
        for (int i = 0; i < all.length; i++) {
            assertTrue(Float.isFinite(all[i]), "pixel " + i);
            diff += Math.abs(all[i] - visibleOfTwo[i]);
        }
        assertTrue(diff > 0, "seeing the whole frame reconstructs differently from seeing half of it");
        assertThrows(IllegalArgumentException.class, () -> new Reconstruction(model(), -1));
    }

    @Test
    void severalSettingsInOneLoopGiveEachSettingsOwnMaps() {
        int b = 4, plane = P.height() * P.width();
        List<FrameId> ids = new ArrayList<>();
        for (int i = 0; i < b; i++) ids.add(new FrameId("v", 0, i));
        Batch batch = new Batch(input(b), Tensor.zeros(b, 4, P.height(), P.width()), Tensor.zeros(b, 3, P.height(), P.width()),
                Tensor.zeros(b, 1, P.height(), P.width()), Tensor.zeros(b), ids, new int[b]);
        List<FrameLoop.Options> settings = List.of(
                new FrameLoop.Options(2, true, ScoreWeights.PAPER),
                new FrameLoop.Options(2, true, new ScoreWeights(1, 0, 2), TokenSource.VISIBLE, ClassAggregation.MAX),
                new FrameLoop.Options(2, true, ScoreWeights.PAPER, TokenSource.ALL, ClassAggregation.MEAN));
        float[][][] together = new float[settings.size()][b][];
        new FrameLoop(model(), settings, P.height(), P.width()).run(List.of(batch), -1, (i, x) -> new Rng(11),
                f -> together[f.setting()][f.sample()] = f.map().clone());
        for (int s = 0; s < settings.size(); s++) {
            int setting = s;
            float[][] alone = new float[b][];
            new FrameLoop(model(), settings.get(s), P.height(), P.width()).run(List.of(batch), -1, (i, x) -> new Rng(11),
                    f -> alone[f.sample()] = f.map().clone());
            for (int i = 0; i < b; i++) {
                assertEquals(plane, alone[i].length);
                assertArrayEquals(alone[i], together[setting][i], 1e-5f, "setting " + s + " frame " + i);
            }
        }
        assertFalse(java.util.Arrays.equals(together[0][0], together[1][0]), "different settings, different maps");
    }

    @Test
    void theReferenceScoringIsOnePassTeacherErrorWithMinMax() {
        ScoreOptions r = ScoreOptions.reference(1, 8);
        assertEquals(1, r.passes());
        assertEquals(ScoreWeights.REFERENCE_SHANGHAITECH, r.scoring().weights());
        assertEquals(282, r.scoring().temporal().sigma());
        assertEquals(aedmae.eval.Normalisation.MIN_MAX_PER_VIDEO, r.scoring().normalisation());
        assertTrue(r.mapChannel(), "all 4 channels, as the reference code");
    }
}
