package aedmae.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameLevelAucTest {
    // A: perfectly separated. B: positive 0.4 loses to negative 0.5, so 3 of 4 pairs.
    static final VideoScores A = new VideoScores("A", new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1});
    static final VideoScores B = new VideoScores("B", new double[] {0.5, 0.4, 0.3, 0.7}, new int[] {0, 1, 0, 1});
    // C: abnormal in every frame (as UCSD Ped2 test videos 08-11).
    static final VideoScores C = new VideoScores("C", new double[] {0.2, 0.6}, new int[] {1, 1});

    @Test
    void microAndMacroOnTwoVideosByHand() {
        FrameLevelAucResult r = FrameLevelAuc.evaluate(List.of(A, B));
        // Micro: positives 0.8, 0.9, 0.4, 0.7 vs negatives 0.1, 0.2, 0.5, 0.3: 4 + 4 + 3 + 4 = 15 of 16.
        assertEquals(15.0 / 16, r.micro(), 1e-15);
        assertEquals((1 + 0.75) / 2, r.macroDefinedOnly(), 1e-15);
        // Padded B: scores [0 .5 .4 .3 .7 1], labels [0 0 1 0 1 1]: 2 + 3 + 3 = 8 of 9.
        assertEquals((1 + 8.0 / 9) / 2, r.macroPadded(), 1e-15);
        assertEquals(List.of(), r.skippedInDefinedOnly());
        assertEquals(1.0, r.perVideo().get(0).auc());
        assertEquals(0.75, r.perVideo().get(1).auc());
        assertEquals(8.0 / 9, r.perVideo().get(1).paddedAuc(), 1e-15);
        assertTrue(r.macroConventionsDiffer());
    }

    @Test
    void oneClassVideoIsUndefinedUnpaddedAndDefinedPadded() {
        FrameLevelAucResult r = FrameLevelAuc.evaluate(List.of(A, B, C));
        VideoAuc c = r.perVideo().get(2);
        assertFalse(c.defined());
        assertTrue(Double.isNaN(c.auc()));
        // Padded C: scores [0 .2 .6 1], labels [0 1 1 1]: every positive beats the padded 0.
        assertEquals(1.0, c.paddedAuc());
        assertEquals(List.of("C"), r.skippedInDefinedOnly());
        assertEquals(0.875, r.macroDefinedOnly(), 1e-15);
        assertEquals((1 + 8.0 / 9 + 1) / 3, r.macroPadded(), 1e-15);
        // Micro adds C's positives 0.2 (beats 0.1, ties A's 0.2) and 0.6 (beats all 4): 15 + 1.5 + 4 of 24.
        assertEquals(20.5 / 24, r.micro(), 1e-15);
        assertEquals(2, c.abnormalFrames());
    }

    @Test
    void paddedZeroTiesWithANormalisedMinimum() {
        // Min-max normalised all-abnormal video: its 0 ties with the padded 0 (half a pair).
        VideoScores v = new VideoScores("n", new double[] {0, 0.5, 1}, new int[] {1, 1, 1});
        FrameLevelAucResult r = FrameLevelAuc.evaluate(List.of(v));
        assertEquals((0.5 + 1 + 1 + 1) / 4, r.perVideo().get(0).paddedAuc(), 1e-15);
        assertTrue(Double.isNaN(r.macroDefinedOnly()));
        assertTrue(Double.isNaN(r.micro()));
        assertEquals(List.of(), r.scoresOutsideUnitRange());
    }

    @Test
    void allNormalVideoIsDefinedByPaddingToo() {
        VideoScores v = new VideoScores("z", new double[] {0.3, 0.6}, new int[] {0, 0});
        assertEquals(1.0, FrameLevelAuc.evaluate(List.of(v)).perVideo().get(0).paddedAuc());
    }

    @Test
    void padAddsZeroFirstAndOneLast() {
        VideoScores p = FrameLevelAuc.pad(B);
        assertArrayEquals(new double[] {0, 0.5, 0.4, 0.3, 0.7, 1}, p.scores());
        assertArrayEquals(new int[] {0, 0, 1, 0, 1, 1}, p.labels());
        assertArrayEquals(new double[] {0.5, 0.4, 0.3, 0.7}, B.scores(), "input untouched");
    }

    @Test
    void scoresOutsideUnitRangeAreFlagged() {
        VideoScores big = new VideoScores("big", new double[] {3, 5, 4}, new int[] {0, 1, 1});
        FrameLevelAucResult r = FrameLevelAuc.evaluate(List.of(A, big));
        assertEquals(List.of("big"), r.scoresOutsideUnitRange());
        // Scores above the padded 1: the padded positive now loses to them, unlike with normalised scores.
        assertEquals(1.0, r.perVideo().get(1).auc());
        assertTrue(r.perVideo().get(1).paddedAuc() < 1.0);
    }

    @Test
    void identicalConventionsAreNotReportedAsDiffering() {
        VideoScores perfect = new VideoScores("p", new double[] {0.1, 0.9}, new int[] {0, 1});
        assertFalse(FrameLevelAuc.evaluate(List.of(perfect, A)).macroConventionsDiffer());
    }
}
