package aedmae.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
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
        try (KafkaClusterTestKit kafka = startBroker(tmp.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = kafka.admin()) {
                ClusterTopics.create(admin, CAMERA_PARTITIONS, 3, (short) 1);
            }
            try (CameraCatalog catalog = new CameraCatalog(bootstrap)) {
                for (int i = 1; i <= CAMERAS; i++) {
                    catalog.put("cam-" + i, "{\"url\":\"stand-in://cam-" + i + "\",\"threshold\":0.5,\"releaseFrames\":3}");
                }
                assertEquals(CAMERAS, catalog.list().size());
            }
            try (WebhookReceiver webhook = new WebhookReceiver();
                    TopicCollector<ScoreWindow> scores = new TopicCollector<>(bootstrap, ClusterTopics.SCORES, ScoreWindow::fromJson);
                    TopicCollector<CameraEvent> rawEvents = new TopicCollector<>(bootstrap, ClusterTopics.EVENTS, CameraEvent::fromJson);
                    EventRelay relay = new EventRelay(bootstrap, List.of(new JsonLinesEventOutput(jsonl),
                            new WebhookEventOutput(webhook.url()))).start()) {
                for (int i = 1; i <= NODES; i++) {
                    String id = "node-" + i;
                    StandInCameraHost host = new StandInCameraHost(id, scene, ownership, 10);
                    hosts.add(host);
                    nodes.add(new ScorerNode(NodeSettings.defaults(bootstrap, id)
                            .withSessionTimeoutMs(SESSION_TIMEOUT_MS).withScoreWindowMs(500), host).start());
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
                await("the event's start relayed", 20, () -> relayed(jsonl, watched, CameraEvent.START) == 1);
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
                await("the event's end relayed", 20, () -> relayed(jsonl, watched, CameraEvent.END) == 1);
                long endedAtMs = System.currentTimeMillis();
                // copies, if any were coming, would have been written by now
                await("the survivors' score windows after the end", 10,
                        () -> scores.records().stream().anyMatch(w -> w.camera().equals(watched) && w.fromMs() > endedAtMs));

                List<CameraEvent> delivered = Files.readAllLines(jsonl, StandardCharsets.UTF_8).stream()
                        .map(CameraEvent::fromJson).toList();
                List<CameraEvent> starts = ofType(delivered, CameraEvent.START);
                List<CameraEvent> ends = ofType(delivered, CameraEvent.END);
                assertEquals(1, starts.size(), "starts relayed: " + starts);
                assertEquals(1, ends.size(), "ends relayed: " + ends);
                CameraEvent start = starts.get(0);
                CameraEvent end = ends.get(0);
                assertEquals(watched, start.camera());
                assertEquals(start.event(), end.event(), "one event, started before the kill and ended after it");
                assertTrue(start.timeMs() < killedAtMs && end.timeMs() > killedAtMs,
                        "start " + start.timeMs() + ", kill " + killedAtMs + ", end " + end.timeMs());
                assertEquals(victim.nodeId(), start.node());
                assertTrue(survivors.stream().anyMatch(n -> n.nodeId().equals(end.node())), "ended on " + end.node());
                for (CameraEvent e : delivered) {
                    assertEquals(start.event(), e.event(), "no other event on any camera: " + e);
                }

                // the survivor resumed the event rather than starting a second one: it announced the
                // same start again, and the relay dropped that copy
                List<CameraEvent> rawStarts = ofType(rawEvents.records(), CameraEvent.START);
                assertEquals(2, rawStarts.size(), "starts written: " + rawStarts);
                assertEquals(start.event(), rawStarts.get(1).event());
                assertTrue(relay.duplicates() >= 1);

                // the webhook got exactly what the JSON-lines file got
                await("the webhook calls", 10, () -> webhook.bodies().size() == delivered.size());
                assertEquals(delivered, webhook.bodies().stream().map(CameraEvent::fromJson).toList());

                assertEquals(List.of(), ownership.overlaps(), "a camera open on two nodes at once");
                System.out.printf("cluster failover: six cameras scored again %.1f s after the kill "
                        + "(session timeout %.1f s); event %s relayed once%n", failoverMs / 1000.0,
                        SESSION_TIMEOUT_MS / 1000.0, start.event());
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

    private static long relayed(Path jsonl, String camera, String type) {
        try {
            if (!Files.exists(jsonl)) {
                return 0;
            }
            return Files.readAllLines(jsonl, StandardCharsets.UTF_8).stream().map(CameraEvent::fromJson)
                    .filter(e -> e.camera().equals(camera) && e.type().equals(type)).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<CameraEvent> ofType(List<CameraEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
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

    /** One combined broker and controller, tuned for a light test: short group timeouts, few threads. */
    static KafkaClusterTestKit startBroker(Path dir) throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).setBaseDirectory(dir).build())
                .setConfigProp("group.min.session.timeout.ms", "1000")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("num.network.threads", "1")
                .setConfigProp("num.io.threads", "2")
                .setConfigProp("log.cleaner.dedupe.buffer.size", String.valueOf(4 << 20))
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        return kafka;
    }

}
