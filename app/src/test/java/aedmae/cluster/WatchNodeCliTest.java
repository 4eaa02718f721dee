package aedmae.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import aedmae.cli.Main;
import aedmae.watch.AnomalyEvent;

import com.google.gson.Gson;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of the README's cluster section against an in-process broker, with the real watcher
 * and the demo model: {@code cluster add} puts the demo clip in the cluster, {@code watch --kafka}
 * scores it as a node, {@code cluster relay} writes the events; they match the clip's labels.
 */
class WatchNodeCliTest {

    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    /**
     * The camera's threshold: what the watcher calibrates on the normal demo video (demo-normal.mp4,
     * 1 false alarm an hour: 1.0245), fixed here so that the node spends no time calibrating.
     */
    private static final double THRESHOLD = 1.02;
    /** Frames an event may start after its anomaly began or end after it ended (look-ahead, smoothing). */
    private static final int SLACK = 15;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aWatchNodeScoresTheClustersCameraAndTheRelayWritesItsEvents() throws Exception {
        Path config = dir.resolve("cameras.json");
        Files.writeString(config, "{\"checkpoint\": \"" + EXAMPLES.resolve("demo-model.safetensors") + "\", \"preset\": \"demo\","
                + " \"cameras\": [{\"id\": \"gate\", \"url\": \"" + EXAMPLES.resolve("demo-cameras.mp4") + "\","
                + " \"threshold\": " + THRESHOLD + "}]}");
        Path events = dir.resolve("relay").resolve("events.jsonl");
        int[] labels = Files.readAllLines(EXAMPLES.resolve("demo-cameras.labels.txt")).stream().mapToInt(Integer::parseInt).toArray();
        try (KafkaClusterTestKit kafka = LocalKafka.start(dir.resolve("kafka"))) {
            String b = kafka.bootstrapServers();
            assertEquals(0, Main.run("cluster", "add", "--kafka", b, "--config", config.toString()));
            assertEquals(2, Main.run("cluster", "add", "--kafka", b, "--config", dir.resolve("missing.json").toString()),
                    "bad input: one line, exit 2");
            CompletableFuture<Integer> relay = CompletableFuture.supplyAsync(() -> Main.run("cluster", "relay", "--kafka", b,
                    "--out", events.toString(), "--duration", "45"));
            // the node plays the 16 s clip (and starts it again when it ends)
            int node = Main.run("watch", "--kafka", b, "--node-id", "n1", "--config", config.toString(), "--port", "-1",
                    "--clip-seconds", "0", "--out", dir.resolve("watch").toString(), "--duration", "40");
            assertEquals(0, node);
            assertEquals(0, relay.get(120, TimeUnit.SECONDS));
        }
        Gson gson = new Gson();
        List<AnomalyEvent> relayed = Files.readAllLines(events, StandardCharsets.UTF_8).stream()
                .map(l -> gson.fromJson(l, AnomalyEvent.class)).toList();
        List<AnomalyEvent> ends = relayed.stream().filter(e -> e.phase().equals("end")).toList();
        assertFalse(ends.isEmpty(), "no event relayed: " + relayed);
        int[][] anomalies = intervals(labels);
        for (AnomalyEvent end : ends) {
            assertEquals(1, relayed.stream().filter(e -> e.id().equals(end.id()) && e.phase().equals("start")).count(),
                    "one start for " + end.id());
            long first = end.startFrame() % labels.length;
            long last = end.endFrame() % labels.length;
            boolean near = Arrays.stream(anomalies).anyMatch(a -> first <= a[1] + SLACK && last >= a[0]);
            assertTrue(near, "event " + end.id() + " (frames " + first + ".." + last + ") is near no anomaly "
                    + Arrays.deepToString(anomalies));
            assertEquals("gate", end.camera());
            assertEquals(4, end.box().length);
        }
        System.out.printf("watch --kafka: %d events relayed for the clip's %d anomalies%n", ends.size(), anomalies.length);
    }

    /** The [first, last] frames of each run of 1s. */
    private static int[][] intervals(int[] labels) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 1 && (i == 0 || labels[i - 1] == 0)) {
                int j = i;
                while (j + 1 < labels.length && labels[j + 1] == 1) {
                    j++;
                }
                out.add(new int[] {i, j});
            }
        }
        return out.toArray(new int[0][]);
    }
}
