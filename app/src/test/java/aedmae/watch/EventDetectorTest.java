package aedmae.watch;

import aedmae.datasets.image.RgbFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EventDetectorTest {
    private static CausalScorer.Scored scored(long t, double score, float[] map) {
        LiveFrame f = new LiveFrame("cam", t, 0, 1000 * t, null, null, null, RgbFrame.blank(40, 80), false);
        return new CausalScorer.Scored(f, score, map);
    }

    @Test
    void startUpdateEndWithTheBoxOfTheHotRegion() {
        int h = 10, w = 20;
        float[] map = new float[h * w];
        for (int y = 2; y <= 4; y++) for (int x = 10; x <= 13; x++) map[y * w + x] = 5; // hot: x 10..13, y 2..4
        map[9 * w + 0] = 1; // a weaker spot elsewhere
        List<AnomalyEvent> events = new ArrayList<>();
        EventDetector d = new EventDetector("cam", new Hysteresis(1.0, 0.8, 2), h, w, 2, (e, s) -> events.add(e));
        double[] scores = {0.1, 1.2, 1.3, 1.5, 0.9, 1.6, 0.7, 0.5, 0.1, 1.1};
        for (int t = 0; t < scores.length; t++) d.accept(scored(t, scores[t], map));
        d.close();
        assertEquals(List.of("start", "update", "update", "end", "start", "end"), events.stream().map(AnomalyEvent::phase).toList());
        AnomalyEvent start = events.get(0), end = events.get(3);
        assertEquals(start.id(), end.id());
        assertEquals(1, start.frame());
        assertEquals(1, end.startFrame());
        assertEquals(5, end.endFrame(), "the last frame at or above the end level");
        assertEquals(1.6, end.peak(), 0);
        // map 20x10 -> frame 80x40: scale 4
        assertArrayEquals(new int[] {40, 8, 16, 12}, start.box());
        assertNotEquals(start.id(), events.get(4).id());
    }
}
