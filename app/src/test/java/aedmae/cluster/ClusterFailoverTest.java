package aedmae.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import aedmae.watch.AnomalyEvent;
import aedmae.watch.JsonLinesSink;
import aedmae.watch.WebhookSink;

import com.google.gson.Gson;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover drill, in one JVM on loopback: an in-process KRaft broker (Kafka's own test
 * kit), three scorer nodes, six live cameras at 10 fps (a stand-in scene and scorer), a relay that
 * writes JSON lines and calls a webhook. One node is killed while an anomaly is in front of one of
 * its cameras.
 */
class ClusterFailoverTest {

    private static final int CAMERAS = 6;
    private static final int NODES = 3;
    private static final int CAMERA_PARTITIONS = 24;
    private static final int SESSION_TIMEOUT_MS = 3_000;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void killedNodesCamerasAreScoredAgainAndTheEventSpanningTheKillIsReportedOnce() throws Exception {
        LiveScene scene = new LiveScene();
        OwnershipLog ownership = new OwnershipLog();
        List<ScorerNode> nodes = new ArrayList<>();
        List<StandInCameraHost> hosts = new ArrayList<>();
        Path jsonl = tmp.resolve("events.jsonl");
        try (KafkaClusterTestKit kafka = LocalKafka.start(tmp.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = kafka.admin()) {
                ClusterTopics.create(admin, CAMERA_PARTITIONS, 3, (short) 1);
            }
            try (CameraCatalog catalog = new CameraCatalog(bootstrap)) {
                for (int i = 1; i <= CAMERAS; i++) {
                    catalog.put("cam-" + i, config(i));
                }
                assertEquals(CAMERAS, catalog.list().size());
            }
            try (WebhookReceiver webhook = new WebhookReceiver();
                    TopicCollector<ScoreWindow> scores = new TopicCollector<>(bootstrap, ClusterTopics.SCORES, ScoreWindow::fromJson);
                    TopicCollector<AnomalyEvent> rawEvents = new TopicCollector<>(bootstrap, ClusterTopics.EVENTS, ClusterFailoverTest::event);
                    EventRelay relay = new EventRelay(bootstrap, List.of(new JsonLinesSink(jsonl),
                            new WebhookSink(webhook.url(), System.err::println))).start()) {
                for (int i = 1; i <= NODES; i++) {
                    String id = "node-" + i;
                    ScorerNode node = new ScorerNode(NodeSettings.defaults(bootstrap, id)
                            .withSessionTimeoutMs(SESSION_TIMEOUT_MS).withScoreWindowMs(500));
                    StandInCameraHost host = new StandInCameraHost(id, scene, ownership, node.eventSink(), 10);
                    hosts.add(host);
                    nodes.add(node.start(host));
                }

                // every camera open on exactly one node, every node a member with partitions
                await("three nodes sharing six cameras", 60, () -> {
                    int partitions = 0;
                    int open = 0;
                    Set<String> distinct = new HashSet<>();
                    for (ScorerNode n : nodes) {
                        if (n.assignedPartitions() == 0) {
                            return false;
                        }
                        partitions += n.assignedPartitions();
                        open += n.openCameras().size();
                        distinct.addAll(n.openCameras());
                    }
                    return partitions == CAMERA_PARTITIONS && open == CAMERAS && distinct.size() == CAMERAS;
                });
                ScorerNode victim = nodes.stream().filter(n -> !n.openCameras().isEmpty()).findFirst().orElseThrow();
                Set<String> victimCameras = victim.openCameras();
                String watched = victimCameras.iterator().next();

                scene.startAnomaly(watched);
                await("the event's start relayed", 20, () -> relayed(jsonl, watched, "start") == 1);
                long killedAtMs = System.currentTimeMillis();
                victim.halt();
                List<ScorerNode> survivors = nodes.stream().filter(n -> n != victim).toList();

                await("all six cameras scored again after the kill", 30,
                        () -> scoredSince(scores.records(), killedAtMs, victim.nodeId()).size() == CAMERAS);
                long failoverMs = System.currentTimeMillis() - killedAtMs;
                Set<String> survivorCameras = new TreeSet<>();
                survivors.forEach(n -> survivorCameras.addAll(n.openCameras()));
                assertEquals(CAMERAS, survivorCameras.size(), "survivors hold " + survivorCameras);

                Thread.sleep(1_000); // the anomaly goes on for a while on its new node
                scene.endAnomaly(watched);
                await("the event's end relayed", 20, () -> relayed(jsonl, watched, "end") == 1);
                long endedAtMs = System.currentTimeMillis();
                // copies, if any were coming, would have been written by now
                await("the survivors' score windows after the end", 10,
                        () -> scores.records().stream().anyMatch(w -> w.camera().equals(watched) && w.fromMs() > endedAtMs));

                List<AnomalyEvent> delivered = readEvents(jsonl);
                List<AnomalyEvent> starts = ofPhase(delivered, "start");
                List<AnomalyEvent> ends = ofPhase(delivered, "end");
                assertEquals(1, starts.size(), "starts relayed: " + starts);
                assertEquals(1, ends.size(), "ends relayed: " + ends);
                AnomalyEvent start = starts.get(0);
                AnomalyEvent end = ends.get(0);
                assertEquals(watched, start.camera());
                assertEquals(start.id(), end.id(), "one event, started before the kill and ended after it");
                long startMs = Instant.parse(start.time()).toEpochMilli();
                long endMs = Instant.parse(end.time()).toEpochMilli();
                assertTrue(startMs < killedAtMs && endMs > killedAtMs, "start " + startMs + ", kill " + killedAtMs + ", end " + endMs);
                for (AnomalyEvent e : delivered) {
                    assertEquals(start.id(), e.id(), "no other event on any camera: " + e);
                }

                // the survivor continued the event rather than starting a second one: it announced the
                // same start again, and the relay dropped that copy
                List<AnomalyEvent> rawStarts = ofPhase(rawEvents.records(), "start");
                assertEquals(2, rawStarts.size(), "starts written: " + rawStarts);
                assertEquals(start.id(), rawStarts.get(1).id());
                assertTrue(relay.duplicates() >= 1);

                // the webhook got exactly what the JSON-lines file got
                await("the webhook calls", 10, () -> webhook.bodies().size() == delivered.size());
                assertEquals(delivered.stream().map(JsonLinesSink::toJson).toList(), webhook.bodies());

                // adding a camera is writing a record; removing one is writing a tombstone
                try (CameraCatalog catalog = new CameraCatalog(bootstrap)) {
                    catalog.put("cam-7", config(7));
                    await("cam-7 opened on a survivor", 20,
                            () -> survivors.stream().anyMatch(n -> n.openCameras().contains("cam-7")));
                    catalog.remove("cam-2");
                    await("cam-2 closed", 20, () -> survivors.stream().noneMatch(n -> n.openCameras().contains("cam-2")));
                    assertEquals(CAMERAS, catalog.list().size());
                }

                assertEquals(List.of(), ownership.overlaps(), "a camera open on two nodes at once");
                System.out.printf("cluster failover: six cameras scored again %.1f s after the kill "
                        + "(session timeout %.1f s); event %s relayed once%n", failoverMs / 1000.0,
                        SESSION_TIMEOUT_MS / 1000.0, start.id());
            } finally {
                for (ScorerNode n : nodes) {
                    n.close();
                }
                hosts.forEach(StandInCameraHost::close);
            }
        }
    }

    /** Cameras with a score window from a node other than {@code deadNode} that began after {@code sinceMs}. */
    private static Set<String> scoredSince(List<ScoreWindow> windows, long sinceMs, String deadNode) {
        Set<String> cams = new TreeSet<>();
        for (ScoreWindow w : windows) {
            if (w.fromMs() > sinceMs && !w.node().equals(deadNode)) {
                cams.add(w.camera());
            }
        }
        return cams;
    }

    private static String config(int camera) {
        return "{\"url\":\"stand-in://cam-" + camera + "\",\"threshold\":0.5}";
    }

    private static AnomalyEvent event(String json) {
        return new Gson().fromJson(json, AnomalyEvent.class);
    }

    private static List<AnomalyEvent> readEvents(Path jsonl) throws IOException {
        if (!Files.exists(jsonl)) {
            return List.of();
        }
        return Files.readAllLines(jsonl, StandardCharsets.UTF_8).stream().map(ClusterFailoverTest::event).toList();
    }

    private static long relayed(Path jsonl, String camera, String phase) {
        try {
            return readEvents(jsonl).stream().filter(e -> e.camera().equals(camera) && e.phase().equals(phase)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<AnomalyEvent> ofPhase(List<AnomalyEvent> events, String phase) {
        return events.stream().filter(e -> e.phase().equals(phase)).toList();
    }

    private static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
