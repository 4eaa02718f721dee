package aedmae.datasets;

import aedmae.datasets.synthetic.ObjectTrack;
import aedmae.datasets.synthetic.SpedUpObject;
import aedmae.datasets.synthetic.SyntheticAnomalyGenerator;
import aedmae.datasets.synthetic.SyntheticConfig;
import aedmae.datasets.synthetic.ValidationEvents;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class SpedUpObjectTest {
    private static final int H = 32, W = 64, N = 60;

    /** TestData's square: 6×6 at row 4, x = (2 + 2t) mod 56 + 1 (seed 0), moving 2 px per frame. */
    private static int squareX(int t) {
        return (2 + 2 * t) % (W - 8) + 1;
    }

    private static boolean bright(byte[] chw, int x, int y) {
        return (chw[y * W + x] & 0xFF) == 250;
    }

    @Test
    void theTrackFollowsTheSquareAndTheWindowShowsItStrideTimesFurther() {
        ArrayFrameStore store = new ArrayFrameStore(List.of(TestData.scenes(N, H, W, 0)));
        SyntheticAnomalyGenerator gen = new SyntheticAnomalyGenerator(store, SyntheticConfig.defaults());
        ObjectTrack track = gen.followObject(new SplittableRandom(1), 0, 10, 5, 16);
        assertNotNull(track, "the square is a moving object of frame 10");
        for (int t = 5; t < 16; t++) {
            assertNotNull(track.at(t), "followed to frame " + t);
            assertEquals(squareX(t) + 2.5, track.at(t).centreX(), 1.0, "frame " + t);
        }
        assertEquals(2.0, track.speed(), 0.5);

        SpedUpObject a = gen.spedUpObject(track, 10, 3, track.speed());
        byte[] mask = new byte[H * W];
        int marked = a.paste(0, TestData.scene(H, W, 10, 0).chw(), mask);
        assertEquals(36, marked, "the map is the square's pixels in frame t");
        assertEquals(1, mask[5 * W + squareX(10) + 1]);
        assertEquals(0, mask[20 * W + 2]);

        // frame t + 3 of the sample shows, inside the window, the video at t + 9: the square 18 px on, not 6
        byte[] next = TestData.scene(H, W, 13, 0).chw(), before = next.clone();
        assertTrue(a.paste(3, next, null) > 0);
        assertTrue(bright(next, squareX(19) + 1, 6), "the square where it is at t + 9");
        assertFalse(bright(next, squareX(13) + 1, 6), "and not where it really is at t + 3");
        assertEquals(before[20 * W + W - 2], next[20 * W + W - 2], "outside the window the frame is untouched");
        assertEquals(1, a.stride(), "the sample's frames are the usual ones; only the window runs fast");
    }

    @Test
    void aSpedUpEventOfAValidationPlanGivesTheObjectInItsMiddleFrame() {
        ArrayFrameStore store = new ArrayFrameStore(List.of(TestData.scenes(150, H, W, 0), TestData.scenes(150, H, W, 1)));
        SyntheticAnomalyGenerator gen = new SyntheticAnomalyGenerator(store, SyntheticConfig.defaults());
        int spedUp = 0;
        for (long seed = 0; seed < 6; seed++)
            for (ValidationEvents.Event e : ValidationEvents.plan(store, gen, seed, true).events()) {
                if (e.kind() != SyntheticAnomalyGenerator.Kind.SPED_UP) continue;
                spedUp++;
                assertNotNull(e.track(), e.describe());
                assertInstanceOf(SpedUpObject.class, ValidationEvents.plan(store, gen, seed, true).at(e.video(), e.middle()), e.describe());
            }
        assertTrue(spedUp > 0, "the kinds come in turn, so six plans hold sped-up events");
        for (long seed = 0; seed < 6; seed++)
            assertTrue(ValidationEvents.plan(store, gen, seed).events().stream().noneMatch(e -> e.kind() == SyntheticAnomalyGenerator.Kind.SPED_UP),
                    "not among the default kinds");
    }

    @Test
    void theTrainingMixHoldsSpedUpObjectsOnlyWhenItsShareAsksForThem() {
        ArrayFrameStore store = new ArrayFrameStore(List.of(TestData.scenes(N, H, W, 0), TestData.scenes(N, H, W, 1)));
        SyntheticConfig plain = SyntheticConfig.defaults();
        SyntheticAnomalyGenerator byDefault = new SyntheticAnomalyGenerator(store, plain);
        SyntheticAnomalyGenerator withSpedUp = new SyntheticAnomalyGenerator(store, plain.withTemporalJumpShare(0).withSpedUpShare(1));
        SyntheticAnomalyGenerator half = new SyntheticAnomalyGenerator(store, plain.withSpedUpShare(0.5));
        int spedUp = 0, spedUpInHalf = 0, draws = 60;
        for (int i = 0; i < draws; i++) {
            int t = 10 + i % 40;
            assertFalse(byDefault.generate(new SplittableRandom(i), 0, t) instanceof SpedUpObject, "the default mix never holds one");
            if (withSpedUp.generate(new SplittableRandom(i), 0, t) instanceof SpedUpObject) spedUp++;
            if (half.generate(new SplittableRandom(i), 0, t) instanceof SpedUpObject) spedUpInHalf++;
        }
        assertTrue(spedUp >= draws * 9 / 10, "share 1: nearly every frame has the moving square as a candidate, so nearly every anomaly is it sped up: " + spedUp);
        assertTrue(spedUpInHalf > draws / 6 && spedUpInHalf < draws * 5 / 6, "share 0.5 after the temporal jumps' 0.3: " + spedUpInHalf);
        assertThrows(IllegalArgumentException.class, () -> plain.withSpedUpShare(1.5));
    }
}
