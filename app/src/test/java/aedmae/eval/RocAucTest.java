package aedmae.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocAucTest {
    @Test
    void perfectSeparationIsOneAndInvertedIsZero() {
        int[] labels = {0, 0, 1, 1, 1};
        assertEquals(1.0, RocAuc.auc(new double[] {0.1, 0.2, 0.5, 0.7, 0.9}, labels));
        assertEquals(0.0, RocAuc.auc(new double[] {0.9, 0.8, 0.3, 0.2, 0.1}, labels));
    }

    @Test
    void allScoresTiedGiveOneHalf() {
        assertEquals(0.5, RocAuc.auc(new double[] {3, 3, 3, 3}, new int[] {0, 1, 0, 1}));
    }

    @Test
    void handComputedSmallCase() {
        // positives 0.35 (beats 0.1, loses to 0.4) and 0.8 (beats both): 3 of 4 pairs.
        assertEquals(0.75, RocAuc.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1}));
    }

    @Test
    void handComputedCaseWithTies() {
        // positives 0.5, 0.5, 0.9; negatives 0.5, 0.2, 0.1. Each 0.5 positive: tie (1/2) + 2 wins;
        // 0.9: 3 wins. (2.5 + 2.5 + 3) / 9 = 8/9 (scipy rankdata gives the same).
        double auc = RocAuc.auc(new double[] {0.5, 0.5, 0.2, 0.5, 0.9, 0.1}, new int[] {1, 0, 0, 1, 1, 0});
        assertEquals(8.0 / 9.0, auc, 1e-15);
    }

    @Test
    void oneClassOnlyIsUndefined() {
        assertTrue(Double.isNaN(RocAuc.auc(new double[] {0.1, 0.5, 0.9}, new int[] {1, 1, 1})));
        assertTrue(Double.isNaN(RocAuc.auc(new double[] {0.1, 0.5}, new int[] {0, 0})));
        assertTrue(Double.isNaN(RocAuc.auc(new double[0], new int[0])));
    }

    @Test
    void badInputIsRejectedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RocAuc.auc(new double[] {0.1, 0.2}, new int[] {0, 2}));
        assertTrue(e.getMessage().contains("label 1 is 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RocAuc.auc(new double[] {Double.NaN, 0.2}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> RocAuc.auc(new double[] {0.1}, new int[] {0, 1}));
    }

    @Test
    void curveMatchesSklearnLayout() {
        RocCurve c = RocAuc.curve(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1}, c.thresholds());
        assertArrayEquals(new double[] {0, 0, 0.5, 0.5, 1}, c.fpr());
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 1}, c.tpr());
        assertEquals(0.75, c.trapezoidalArea(), 1e-15);
    }

    @Test
    void tiedScoresShareOnePointOfTheCurve() {
        RocCurve c = RocAuc.curve(new double[] {0.5, 0.5, 0.2, 0.5, 0.9, 0.1}, new int[] {1, 0, 0, 1, 1, 0});
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0.9, 0.5, 0.2, 0.1}, c.thresholds());
        assertArrayEquals(new double[] {0, 1.0 / 3, 1, 1, 1}, c.tpr(), 1e-15);
        assertArrayEquals(new double[] {0, 0, 1.0 / 3, 2.0 / 3, 1}, c.fpr(), 1e-15);
    }

    @Test
    void rankStatisticEqualsTrapezoidalAreaAndBruteForceOnRandomData() {
        Random rng = new Random(42);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + rng.nextInt(60);
            double[] s = new double[n];
            int[] l = new int[n];
            for (int i = 0; i < n; i++) {
                s[i] = rng.nextInt(8) / 4.0; // coarse values: many ties
                l[i] = rng.nextInt(2);
            }
            double auc = RocAuc.auc(s, l);
            double wins = 0;
            int pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (l[i] == 1 && l[j] == 0) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            if (pairs == 0) {
                assertTrue(Double.isNaN(auc));
            } else {
                assertEquals(wins / pairs, auc, 1e-12);
                assertEquals(auc, RocAuc.curve(s, l).trapezoidalArea(), 1e-12);
            }
        }
    }

    @Test
    void negativeZeroTiesWithZero() {
        assertEquals(0.5, RocAuc.auc(new double[] {-0.0, 0.0}, new int[] {1, 0}));
        assertEquals(0.5, RocAuc.auc(new double[] {0.0, -0.0}, new int[] {1, 0}));
    }
}
