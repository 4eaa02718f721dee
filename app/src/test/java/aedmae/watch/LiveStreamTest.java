package aedmae.watch;

import com.google.gson.Gson;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** A real stream from a real server on loopback: events against the labels, webhook delivery, reconnects. */
class LiveStreamTest {
    /** Frames an event may start after its anomaly began or end after it ended (latency 11 frames, smoothing). */
    static final int SLACK = 15;

    @Test
    void eventsOfALiveHttpStreamMatchTheLabelsAndReachTheWebhookOnce(@TempDir Path dir) throws Exception {
        int port = LiveFixture.freePort();
        List<String> posted = Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/events", x -> {
            posted.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.start();
        MapScorer scorer = LiveFixture.demoScorer();
        Process server = null;
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        WatchOptions o = WatchOptions.defaults(dir).withClipSeconds(1);
        Watcher w = new Watcher(o, c -> scorer, List.of(new JsonLinesSink(dir.resolve("events.jsonl")),
                new WebhookSink(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/events"), log::add)), log::add);
        try {
            server = LiveFixture.serveHttp(LiveFixture.CLIP, port, false);
            w.add(CameraConfig.of("gate", "http://127.0.0.1:" + port + "/live.ts").withCalibration(LiveFixture.NORMAL));
            Process s = server;
            LiveFixture.waitFor("the stream to play out", 120_000, () -> !s.isAlive());
            LiveFixture.waitFor("every decoded frame to be scored or skipped", 60_000,
                    () -> w.metrics().framesScored("gate") + w.metrics().framesSkipped("gate") >= w.metrics().framesIn("gate"));
        } finally {
            if (server != null) server.destroyForcibly();
            w.close();
            receiver.stop(0);
        }
        WatchMetrics m = w.metrics();
        int[] labels = LiveFixture.labels();
        assertEquals(labels.length, m.framesIn("gate"), "every frame of the clip arrived: " + log);
        assertEquals(m.framesIn("gate"), m.framesScored("gate") + m.framesSkipped("gate"));

        Gson gson = new Gson();
        List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
        List<AnomalyEvent> events = lines.stream().map(l -> gson.fromJson(l, AnomalyEvent.class)).toList();
        List<AnomalyEvent> ends = events.stream().filter(e -> e.phase().equals("end")).toList();
        assertFalse(ends.isEmpty(), "no event at all; log: " + log);
        assertEquals(events.stream().filter(e -> e.phase().equals("start")).count(), ends.size(), "every event ended");
        int[][] anomalies = intervals(labels);
        Set<Integer> found = new HashSet<>();
        for (AnomalyEvent e : ends) {
            int hit = -1;
            for (int a = 0; a < anomalies.length; a++) {
                if (e.startFrame() <= anomalies[a][1] + SLACK && e.endFrame() >= anomalies[a][0]) hit = a;
            }
            assertTrue(hit >= 0, "event " + e.id() + " (frames " + e.startFrame() + ".." + e.endFrame() + ") is not near any anomaly "
                    + java.util.Arrays.deepToString(anomalies));
            found.add(hit);
            assertEquals(4, e.box().length);
            assertTrue(Files.isRegularFile(Path.of(e.snapshot())), "snapshot " + e.snapshot());
            assertTrue(Files.size(Path.of(e.clip())) > 1000, "clip " + e.clip());
        }
        System.out.printf("live HTTP stream: %d events for %d anomalies %s; found %s; %d scored, %d skipped; latency p50 %.2f s p95 %.2f s%n",
                ends.size(), anomalies.length, java.util.Arrays.deepToString(anomalies), found, m.framesScored("gate"), m.framesSkipped("gate"),
                m.latencyQuantile("gate", 0.5), m.latencyQuantile("gate", 0.95));

        // the webhook got each message exactly once, the same as the JSON lines
        assertEquals(lines.size(), posted.size(), "webhook deliveries: " + log);
        assertEquals(new HashSet<>(lines), new HashSet<>(posted));
        assertEquals(posted.size(), new HashSet<>(posted).size(), "no message twice");
    }

    /** [first, last] frames of each run of 1s. */
    static int[][] intervals(int[] labels) {
        List<int[]> out = new ArrayList<>();
        for (int t = 0; t < labels.length; t++) {
            if (labels[t] == 1 && (t == 0 || labels[t - 1] == 0)) out.add(new int[] {t, t});
            if (labels[t] == 1) out.get(out.size() - 1)[1] = t;
        }
        return out.toArray(new int[0][]);
    }

    @Test
    void readsAnRtspCamera(@TempDir Path dir) throws Exception {
        int port = LiveFixture.freePort();
        MapScorer scorer = LiveFixture.demoScorer();
        List<Process> rtsp = LiveFixture.serveRtsp(LiveFixture.CLIP, port);
        try (Watcher w = new Watcher(WatchOptions.defaults(null).withClipSeconds(0), c -> scorer, List.of(), s -> {})) {
            w.add(CameraConfig.of("rtsp", "rtsp://127.0.0.1:" + port + "/live").withThreshold(1e9));
            WatchMetrics m = w.metrics();
            LiveFixture.waitFor("scored frames from the RTSP server", 90_000, () -> m.framesScored("rtsp") >= 75);
            var latest = w.camera("rtsp").latest();
            assertEquals(180, latest.frame().original().width());
            assertEquals(120, latest.frame().original().height());
        } finally {
            for (Process p : rtsp) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aKilledStreamReconnectsAndTheOtherCameraGoesOn(@TempDir Path dir) throws Exception {
        int port = LiveFixture.freePort();
        MapScorer scorer = LiveFixture.demoScorer();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Process server = LiveFixture.serveHttp(LiveFixture.CLIP, port, true);
        try (Watcher w = new Watcher(WatchOptions.defaults(null).withClipSeconds(0), c -> scorer, List.of(), log::add)) {
            w.add(CameraConfig.of("street", "http://127.0.0.1:" + port + "/live.ts").withThreshold(1e9));
            w.add(CameraConfig.of("file", LiveFixture.CLIP.toString()).withLoop(true).withThreshold(1e9));
            WatchMetrics m = w.metrics();
            LiveFixture.waitFor("frames from the stream", 60_000, () -> m.framesIn("street") >= 50);
            server.destroyForcibly().waitFor();
            long fileBefore = m.framesIn("file");
            LiveFixture.waitFor("the camera to notice the dropped stream", 30_000, () -> w.camera("street").feed.state() != CameraFeed.State.LIVE);
            Thread.sleep(1000); // down for a while: the other camera goes on
            assertTrue(m.framesIn("file") > fileBefore + 10, "the file camera kept playing while the stream was down");
            server = LiveFixture.serveHttp(LiveFixture.CLIP, port, true);
            LiveFixture.waitFor("a reconnect", 60_000, () -> m.reconnects("street") >= 1);
            long after = m.framesIn("street");
            LiveFixture.waitFor("frames after the reconnect", 60_000, () -> m.framesIn("street") >= after + 50);
            assertEquals(CameraFeed.State.LIVE, w.camera("street").feed.state());
        } finally {
            server.destroyForcibly();
        }
    }
}
