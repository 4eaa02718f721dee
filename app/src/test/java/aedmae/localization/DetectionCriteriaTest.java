package aedmae.localization;

import aedmae.datasets.regions.Box;
import aedmae.datasets.regions.RegionLabels;
import aedmae.datasets.regions.TrackLinker;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RBDC / TBDC on hand-made cases whose values follow from the definitions by hand. */
class DetectionCriteriaTest {
    static final Box A = new Box(10, 10, 20, 30), B = new Box(50, 10, 60, 30), FAR = new Box(100, 80, 110, 100);

    /** T frames; one track of box gt on frames [from, to). */
    static RegionLabels track(int frames, Box gt, int from, int to) {
        List<List<Box>> r = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        for (int t = 0; t < to; t++) {
            r.add(t >= from ? List.of(gt) : List.of());
            ids.add(t >= from ? new int[] {7} : new int[0]);
        }
        return RegionLabels.of(Path.of("hand"), "test", 200, 120, false, r, ids, TrackLinker.defaults());
    }

    static List<List<ScoredBox>> none(int frames) {
        List<List<ScoredBox>> d = new ArrayList<>();
        for (int t = 0; t < frames; t++) d.add(new ArrayList<>());
        return d;
    }

    static DetectionCriteria.Result eval(int frames, List<List<ScoredBox>> det, RegionLabels truth) {
        return DetectionCriteria.standard().evaluate(List.of(new DetectionCriteria.Video("v", frames, det, truth)));
    }

    @Test
    void perfectDetectionScoresOne() {
        List<List<ScoredBox>> d = none(10);
        for (int t = 2; t < 7; t++) d.get(t).add(new ScoredBox(A, 1.0));
        DetectionCriteria.Result r = eval(10, d, track(10, A, 2, 7));
        assertEquals(1.0, r.summary().rbdc(), 1e-12);
        assertEquals(1.0, r.summary().tbdc(), 1e-12);
        assertEquals(5, r.summary().regions());
        assertEquals(1, r.summary().tracks());
        assertArrayEquals(new double[] {0, 0}, r.curve().fpr(), 0);
    }

    @Test
    void aMissScoresZeroAndEveryMissedBoxIsAFalsePositive() {
        List<List<ScoredBox>> d = none(10);
        for (int t = 2; t < 7; t++) d.get(t).add(new ScoredBox(FAR, 1.0));
        DetectionCriteria.Result r = eval(10, d, track(10, A, 2, 7));
        assertEquals(0.0, r.summary().rbdc(), 1e-12);
        assertEquals(0.0, r.summary().tbdc(), 1e-12);
        assertEquals(0.5, r.curve().fpr()[1], 1e-12); // 5 false positives over 10 frames
    }

    @Test
    void aFalsePositiveAboveTheTrueOnesCostsItsFalsePositiveRate() {
        // the false positive (score 2) enters first: (0.1, 0) then (0.1, 1), flat to FPR 1: area 0.9
        List<List<ScoredBox>> d = none(10);
        for (int t = 2; t < 7; t++) d.get(t).add(new ScoredBox(A, 1.0));
        d.get(0).add(new ScoredBox(FAR, 2.0));
        DetectionCriteria.Result r = eval(10, d, track(10, A, 2, 7));
        assertEquals(0.9, r.summary().rbdc(), 1e-12);
        assertEquals(0.9, r.summary().tbdc(), 1e-12);
        // below the true ones it costs nothing
        d.get(0).set(0, new ScoredBox(FAR, 0.5));
        assertEquals(1.0, eval(10, d, track(10, A, 2, 7)).summary().rbdc(), 1e-12);
    }

    @Test
    void aTrackBrokenInTheMiddleIsStillDetected() {
        // 10 regions on frames 0..9, detected on 0-3 and 7-9: RBDR 7/10, the track is detected (7/10 >= 0.1)
        List<List<ScoredBox>> d = none(10);
        for (int t : new int[] {0, 1, 2, 3, 7, 8, 9}) d.get(t).add(new ScoredBox(A, 1.0));
        DetectionCriteria.Result r = eval(10, d, track(10, A, 0, 10));
        assertEquals(0.7, r.summary().rbdc(), 1e-12);
        assertEquals(1.0, r.summary().tbdc(), 1e-12);
    }

    @Test
    void aTrackNeedsTheFractionAlphaOfItsRegions() {
        // 30 regions; 2 detected (2/30 < 0.1): not detected; 3 detected (3/30 = 0.1): detected
        List<List<ScoredBox>> d = none(30);
        d.get(0).add(new ScoredBox(A, 1.0));
        d.get(1).add(new ScoredBox(A, 1.0));
        assertEquals(0.0, eval(30, d, track(30, A, 0, 30)).summary().tbdc(), 1e-12);
        d.get(2).add(new ScoredBox(A, 1.0));
        assertEquals(1.0, eval(30, d, track(30, A, 0, 30)).summary().tbdc(), 1e-12);
        assertEquals(0.1, eval(30, d, track(30, A, 0, 30)).summary().rbdc(), 1e-12);
    }

    @Test
    void overlapThresholdIsIoUPointOne() {
        // a box overlapping A with IoU exactly 0.1 detects it; slightly less does not (and is a false positive)
        Box a = new Box(0, 0, 10, 10); // area 100; b: area 100 overlapping 2x10=20 → IoU 20/180 = 0.111
        Box hit = new Box(8, 0, 18, 10);
        Box miss = new Box(9, 0, 19, 10); // IoU 10/190 = 0.053
        List<List<ScoredBox>> d = none(1);
        d.get(0).add(new ScoredBox(hit, 1.0));
        assertEquals(1.0, eval(1, d, track(1, a, 0, 1)).summary().rbdc(), 1e-12);
        d.get(0).set(0, new ScoredBox(miss, 1.0));
        DetectionCriteria.Result r = eval(1, d, track(1, a, 0, 1));
        assertEquals(0.0, r.summary().rbdc(), 1e-12);
        assertEquals(1.0, r.curve().fpr()[1], 1e-12);
    }

    @Test
    void duplicatesAreNeitherTrueNorFalsePositivesAndOneBoxMayDetectTwoRegions() {
        RegionLabels two = RegionLabels.of(Path.of("hand"), "test", 200, 120, true,
                List.of(List.of(new Box(0, 0, 10, 10), new Box(10, 0, 20, 10))), null, TrackLinker.defaults());
        List<List<ScoredBox>> d = none(1);
        d.get(0).add(new ScoredBox(new Box(0, 0, 20, 10), 1.0)); // IoU 0.5 with each
        d.get(0).add(new ScoredBox(new Box(0, 0, 10, 10), 0.5)); // a duplicate of a detected region
        DetectionCriteria.Result r = eval(1, d, two);
        assertEquals(2, r.summary().tracks());
        assertEquals(1.0, r.summary().rbdc(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0}, r.curve().fpr(), 0);
    }

    @Test
    void thresholdSweepTracesTheCurveAndItsArea() {
        // two tracks of 2 regions each over 10 frames, detections in descending score:
        //   0.9 TP on track A (frame 0)  → (0.0, 1/4, 1/2)
        //   0.8 FP                       → (0.1, 1/4, 1/2)
        //   0.7 TP on track B (frame 5)  → (0.1, 2/4, 2/2)
        //   0.6 two FPs                  → (0.3, 2/4, 1)
        //   0.5 TP on track A (frame 1)  → (0.3, 3/4, 1)
        // RBDC: 0.1·0.25 + 0.2·0.5 + 0.7·0.75 = 0.65; TBDC: 0.1·0.5 + 0.9·1 = 0.95
        List<List<Box>> r = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            boolean a = t < 2, b = t == 5 || t == 6;
            r.add(a ? List.of(A) : b ? List.of(B) : List.of());
            ids.add(a ? new int[] {1} : b ? new int[] {2} : new int[0]);
        }
        RegionLabels truth = RegionLabels.of(Path.of("hand"), "test", 200, 120, false, r, ids, TrackLinker.defaults());
        List<List<ScoredBox>> d = none(10);
        d.get(0).add(new ScoredBox(A, 0.9));
        d.get(3).add(new ScoredBox(FAR, 0.8));
        d.get(5).add(new ScoredBox(B, 0.7));
        d.get(7).add(new ScoredBox(FAR, 0.6));
        d.get(8).add(new ScoredBox(FAR, 0.6));
        d.get(1).add(new ScoredBox(A, 0.5));
        DetectionCriteria.Result res = eval(10, d, truth);
        assertArrayEquals(new double[] {0, 0, 0.1, 0.1, 0.3, 0.3}, res.curve().fpr(), 1e-12);
        assertArrayEquals(new double[] {0, 0.25, 0.25, 0.5, 0.5, 0.75}, res.curve().rbdr(), 1e-12);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 1, 1}, res.curve().tbdr(), 1e-12);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.6, 0.5}, res.curve().threshold(), 0);
        assertEquals(0.65, res.summary().rbdc(), 1e-12);
        assertEquals(0.95, res.summary().tbdc(), 1e-12);
        assertEquals(0.75, res.summary().rbdrAtOneFp(), 1e-12);
    }

    @Test
    void pastOneFalsePositivePerFrameTheCurveIsCut() {
        // 2 frames: FP (1.0) → FPR 0.5; TP (0.9); two FPs (0.8) → FPR 1.5, cut: area = 0.5·0 + 0.5·1 = 0.5
        List<List<ScoredBox>> d = none(2);
        d.get(1).add(new ScoredBox(FAR, 1.0));
        d.get(0).add(new ScoredBox(A, 0.9));
        d.get(0).add(new ScoredBox(FAR, 0.8));
        d.get(1).add(new ScoredBox(B, 0.8));
        DetectionCriteria.Result r = eval(2, d, track(2, A, 0, 1));
        assertEquals(0.5, r.summary().rbdc(), 1e-12);
        assertTrue(r.curve().fpr()[3] > 1, "the last point lies past 1 false positive per frame");
    }

    @Test
    void tiesEnterTogether() {
        // a FP and a TP of equal score form one point: (0.1, 1) directly, area 0.1·0.5 + 0.9·1 = 0.95
        List<List<ScoredBox>> d = none(10);
        d.get(0).add(new ScoredBox(FAR, 1.0));
        d.get(1).add(new ScoredBox(A, 1.0));
        DetectionCriteria.Result r = eval(10, d, track(10, A, 1, 2));
        assertEquals(2, r.curve().points());
        assertEquals(0.95, r.summary().rbdc(), 1e-12);
    }

    @Test
    void nothingToDetectIsUndefined() {
        List<List<ScoredBox>> d = none(3);
        d.get(0).add(new ScoredBox(FAR, 1.0));
        RegionLabels empty = RegionLabels.of(Path.of("hand"), "test", 200, 120, false, List.of(), List.of(), TrackLinker.defaults());
        DetectionCriteria.Result r = eval(3, d, empty);
        assertTrue(Double.isNaN(r.summary().rbdc()));
        assertTrue(Double.isNaN(r.summary().tbdc()));
    }
}
