package aedmae.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The block bootstrap of a micro AUC over events and normal stretches. */
class EventBootstrapTest {
    /** A video of 200 frames with events at [40, 80) and [120, 150); abnormal frames score signal higher on average. */
    private static VideoScores video(String name, double signal, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] y = new int[200];
        double[] s = new double[200];
        for (int t = 0; t < 200; t++) {
            y[t] = (t >= 40 && t < 80) || (t >= 120 && t < 150) ? 1 : 0;
            s[t] = r.nextGaussian() + signal * y[t];
        }
        return new VideoScores(name, s, y);
    }

    @Test
    void aPerfectSeparationStaysPerfectInEveryResample() {
        EventBootstrap.Interval i = EventBootstrap.microInterval(List.of(video("a", 100, 1), video("b", 100, 2)), 200, 7, 0.9);
        assertEquals(1.0, i.low(), 0.0);
        assertEquals(1.0, i.high(), 0.0);
        assertEquals(4, i.abnormalSegments(), "two events in each of two videos");
        assertEquals(6, i.normalSegments(), "three normal stretches in each video");
    }

    @Test
    void theIntervalHoldsTheAucAndNarrowsWithMoreEvents() {
        List<VideoScores> two = List.of(video("a", 1, 1), video("b", 1, 2));
        double auc = FrameLevelAuc.evaluate(two).micro();
        EventBootstrap.Interval i = EventBootstrap.microInterval(two, 1000, 7, 0.9);
        assertTrue(i.low() < auc && auc < i.high(), i + " around " + auc);
        assertTrue(i.high() - i.low() > 0.01, "four events cannot pin an AUC: " + i);
        List<VideoScores> eight = new java.util.ArrayList<>();
        for (int v = 0; v < 8; v++) eight.add(video("v" + v, 1, 10 + v));
        EventBootstrap.Interval j = EventBootstrap.microInterval(eight, 1000, 7, 0.9);
        assertTrue(j.high() - j.low() < i.high() - i.low(), "16 events give a narrower interval than 4: " + j + " against " + i);
        assertEquals(i, EventBootstrap.microInterval(two, 1000, 7, 0.9), "the seed fixes the resamples");
    }

    @Test
    void pairedResamplesTellAClearWinnerFromATie() {
        List<VideoScores> weak = List.of(video("a", 0.5, 1), video("b", 0.5, 2));
        List<VideoScores> strong = List.of(video("a", 3, 1), video("b", 3, 2)); // the same noise, a larger signal
        assertEquals(1.0, EventBootstrap.shareAbove(weak, strong, 300, 3), 0.0);
        assertEquals(0.0, EventBootstrap.shareAbove(strong, weak, 300, 3), 0.0);
        assertEquals(0.0, EventBootstrap.shareAbove(strong, strong, 300, 3), 0.0, "never strictly above itself");
        double tie = EventBootstrap.shareAbove(List.of(video("a", 1, 1), video("b", 1, 2)), List.of(video("a", 1, 3), video("b", 1, 4)), 500, 3);
        assertTrue(tie > 0.05 && tie < 0.95, "two equally good scorings: " + tie);
    }

    @Test
    void badInputIsRefused() {
        VideoScores normalOnly = new VideoScores("n", new double[]{1, 2, 3}, new int[]{0, 0, 0});
        assertThrows(IllegalArgumentException.class, () -> EventBootstrap.microInterval(List.of(normalOnly), 100, 1, 0.9));
        assertThrows(IllegalArgumentException.class, () -> EventBootstrap.microInterval(List.of(video("a", 1, 1)), 5, 1, 0.9));
        assertThrows(IllegalArgumentException.class, () -> EventBootstrap.microInterval(List.of(video("a", 1, 1)), 100, 1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> EventBootstrap.shareAbove(List.of(video("a", 1, 1)),
                List.of(new VideoScores("a", new double[200], new int[200])), 100, 1));
    }
}
