package aedmae.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import aedmae.datasets.image.RgbFrame;
import aedmae.watch.AnomalyEvent;
import aedmae.watch.CameraConfig;
import aedmae.watch.CausalScorer;
import aedmae.watch.EventDetector;
import aedmae.watch.Hysteresis;
import aedmae.watch.LiveFrame;
import org.junit.jupiter.api.Test;

/** The pieces that make an event survive a move between nodes, without Kafka. */
class ResumedEventTest {

    private static CausalScorer.Scored frame(String camera, long index, long epochMillis, double score) {
        LiveFrame f = new LiveFrame(camera, index, 0, epochMillis, null, null, null, new RgbFrame(2, 2, new byte[12]), false);
        return new CausalScorer.Scored(f, score, new float[] {0, 0, 0, (float) score});
    }

    /** Feeds scores at 10 fps from frame {@code first}. */
    private static void feed(EventDetector d, long first, double... scores) {
        for (int i = 0; i < scores.length; i++) {
            d.accept(frame("gate", first + i, 1_000_000 + 100 * (first + i), scores[i]));
        }
    }

    @Test
    void anEventContinuedOnAnotherNodeEndsUnderItsFirstId() {
        List<AnomalyEvent> first = new ArrayList<>();
        EventDetector a = new EventDetector("gate", new Hysteresis(0.5, 0.5, 2), 2, 2, 1_000, (e, s) -> first.add(e));
        feed(a, 0, 0.1, 0.8, 0.9);
        assertEquals(1, first.size());
        AnomalyEvent start = first.get(0);
        OpenEvent stored = OpenEvent.fromJson(new OpenEvent("gate", start, 0.9, 5, "node-1").toJson());
        assertEquals(start.id(), stored.start().id());

        // a second node, whose stream counts frames from 0 again, continues the event
        List<AnomalyEvent> second = new ArrayList<>();
        EventDetector b = new EventDetector("gate", new Hysteresis(0.5, 0.5, 2), 2, 2, 1_000, (e, s) -> second.add(e));
        b.resume(stored.resumeFrom());
        feed(b, 0, 0.7, 0.2, 0.2, 0.9);
        assertEquals(List.of("end", "start"), second.stream().map(AnomalyEvent::phase).toList());
        AnomalyEvent end = second.get(0);
        assertEquals(start.id(), end.id());
        assertEquals(start.startFrame(), end.startFrame());
        assertEquals(0.9, end.peak(), 1e-6);
        assertTrue(!second.get(1).id().equals(start.id()), "a new anomaly is a new event");
    }

    @Test
    void aResumedEventThatEndsAtOnceStillEnds() {
        List<AnomalyEvent> out = new ArrayList<>();
        EventDetector a = new EventDetector("gate", new Hysteresis(0.5, 0.5, 1), 2, 2, 1_000, (e, s) -> out.add(e));
        feed(a, 0, 0.8);
        EventDetector b = new EventDetector("gate", new Hysteresis(0.5, 0.5, 1), 2, 2, 1_000, (e, s) -> out.add(e));
        b.resume(out.get(0));
        feed(b, 0, 0.1);
        assertEquals(List.of("start", "end"), out.stream().map(AnomalyEvent::phase).toList());
        assertEquals(out.get(0).id(), out.get(1).id());
    }

    @Test
    void copiesAreKnownByEventAndFrameTime() {
        AnomalyEvent start = new AnomalyEvent("gate-000010-1000", "start", "gate", "2026-12-03T10:00:00Z", 10, 0.8, 0.8,
                0.5, new int[] {0, 0, 1, 1}, 10, -1, null, null);
        AnomalyEvent resent = new AnomalyEvent("gate-000010-1000", "start", "gate", "2026-12-03T10:00:00Z", 10, 0.8, 0.95,
                0.5, new int[] {0, 0, 1, 1}, 10, -1, null, null);
        AnomalyEvent update = new AnomalyEvent("gate-000010-1000", "update", "gate", "2026-12-03T10:00:02Z", 30, 0.9, 0.9,
                0.5, null, 10, -1, null, null);
        AnomalyEvent laterUpdate = new AnomalyEvent("gate-000010-1000", "update", "gate", "2026-12-03T10:00:04Z", 50, 0.9,
                0.9, 0.5, null, 10, -1, null, null);
        AnomalyEvent endHere = new AnomalyEvent("gate-000010-1000", "end", "gate", "2026-12-03T10:00:05Z", 60, 0.1, 0.9,
                0.5, null, 10, 58, null, null);
        AnomalyEvent endThere = new AnomalyEvent("gate-000010-1000", "end", "gate", "2026-12-03T10:00:06Z", 12, 0.1, 0.9,
                0.5, null, 10, 11, null, null);
        EventDeduplicator seen = new EventDeduplicator(100);
        assertTrue(seen.firstTime(start));
        assertFalse(seen.firstTime(resent));
        assertTrue(seen.firstTime(update));
        assertTrue(seen.firstTime(laterUpdate));
        assertFalse(seen.firstTime(update));
        assertTrue(seen.firstTime(endHere));
        assertFalse(seen.firstTime(endThere), "one event has one end, whichever node closed it");
    }

    @Test
    void aCameraRecordIsAWatchConfigEntry() {
        CameraConfig c = WatcherHost.cameraConfig("gate", "{\"url\":\"clips/gate.mp4\",\"threshold\":0.7,\"loop\":true}",
                Path.of("/srv/aedmae"));
        assertEquals("gate", c.id());
        assertEquals(Path.of("/srv/aedmae/clips/gate.mp4").toString(), c.url());
        assertEquals(0.7, c.threshold());
        assertTrue(c.loop());
        assertEquals("rtsp://10.0.0.7/s1", WatcherHost.cameraConfig("hall", "{\"url\":\"rtsp://10.0.0.7/s1\"}", Path.of(".")).url());
    }
}
