package aedmae.watch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import aedmae.model.Preset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Live batches depend on timing (how many frames waited while the last batch was scored), so a
 * frame's map must not depend on which frames share its batch: its masks come from the seed, its
 * camera and its index only.
 */
class MapScorerBatchingTest {

    @Test
    void aFrameScoresTheSameAloneOrInAnyBatch() throws Exception {
        MapScorer scorer = LiveFixture.demoScorer();
        Preset p = scorer.preset();
        List<LiveFrame> frames = List.of(frame(p, "gate", 10), frame(p, "gate", 11), frame(p, "yard", 11));
        float[][] together = scorer.maps(frames);
        for (int i = 0; i < frames.size(); i++)
            assertArrayEquals(scorer.maps(List.of(frames.get(i)))[0], together[i], 0f, "frame " + i + " alone vs in a batch of 3");
        float[][] reordered = scorer.maps(List.of(frames.get(2), frames.get(0)));
        assertArrayEquals(together[2], reordered[0], 0f);
        assertArrayEquals(together[0], reordered[1], 0f);
        // the same pixels at another index get other masks, hence (almost surely) another map
        assertFalse(java.util.Arrays.equals(together[1], scorer.maps(List.of(frame(p, "gate", 12)))[0]), "masks follow the frame index");
    }

    /** A frame of random pixels; the same (camera, index) always gives the same pixels. */
    private static LiveFrame frame(Preset p, String camera, long index) {
        Random r = new Random(camera.hashCode());
        int n = 3 * p.height() * p.width();
        byte[][] planes = new byte[3][n];
        for (byte[] plane : planes) r.nextBytes(plane);
        return new LiveFrame(camera, index, 0L, 0L, planes[0], planes[1], planes[2], null, false);
    }
}
