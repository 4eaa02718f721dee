package aedmae.localization;

import aedmae.datasets.regions.Box;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionExtractorTest {
    static final int H = 16, W = 24;

    /** Background 1, a blob of 5 at x 2..5, y 3..6, a blob of 3 (peak 4) at x 15..18, y 10..12. */
    static float[] twoBlobs() {
        float[] m = new float[H * W];
        java.util.Arrays.fill(m, 1f);
        for (int y = 3; y <= 6; y++) for (int x = 2; x <= 5; x++) m[y * W + x] = 5f;
        for (int y = 10; y <= 12; y++) for (int x = 15; x <= 18; x++) m[y * W + x] = 3f;
        m[11 * W + 16] = 4f;
        return m;
    }

    @Test
    void componentsAtHalfTheFrameRangeWithTheirPeaks() {
        // threshold 1 + 0.5·(5 − 1) = 3: both blobs
        List<ScoredBox> r = new RegionExtractor(RegionOptions.defaults(8)).extract(twoBlobs(), H, W);
        assertEquals(2, r.size());
        assertEquals(new Box(2, 3, 6, 7), r.get(0).box());
        assertEquals(5.0, r.get(0).score());
        assertEquals(new Box(15, 10, 19, 13), r.get(1).box());
        assertEquals(4.0, r.get(1).score());
        // a higher level keeps the strong blob only
        assertEquals(1, new RegionExtractor(new RegionOptions(RegionOptions.Mode.COMPONENTS, 0.8, 4, 8)).extract(twoBlobs(), H, W).size());
        // blobs smaller than minArea are dropped
        assertEquals(1, new RegionExtractor(new RegionOptions(RegionOptions.Mode.COMPONENTS, 0.5, 13, 8)).extract(twoBlobs(), H, W).size());
    }

    @Test
    void aFlatMapHasNoRegion() {
        float[] flat = new float[H * W];
        java.util.Arrays.fill(flat, 0.3f);
        assertTrue(new RegionExtractor(RegionOptions.defaults(8)).extract(flat, H, W).isEmpty());
        assertTrue(new RegionExtractor(RegionOptions.defaults(8).withMode(RegionOptions.Mode.PATCH_HULL)).extract(flat, H, W).isEmpty());
    }

    @Test
    void patchHullIsTheBoxAroundTheAbnormalPatches() {
        // patch 4: a 4×6 grid; two patches of value 1 (one with a pixel of 2), the rest 0
        float[] m = new float[H * W];
        for (int y = 4; y < 8; y++) for (int x = 4; x < 8; x++) m[y * W + x] = 1f;      // one patch at (1, 1)
        for (int y = 12; y < 16; y++) for (int x = 16; x < 20; x++) m[y * W + x] = 1f;  // one patch at (3, 4)
        m[5 * W + 5] = 2f;
        List<ScoredBox> r = new RegionExtractor(new RegionOptions(RegionOptions.Mode.PATCH_HULL, 0.5, 1, 4)).extract(m, H, W);
        assertEquals(1, r.size());
        assertEquals(new Box(4, 4, 20, 16), r.get(0).box(), "one box around both abnormal patches");
        assertEquals(2.0, r.get(0).score());
    }
}
