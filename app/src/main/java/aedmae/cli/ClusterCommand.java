package aedmae.cli;

import aedmae.cluster.CameraCatalog;
import aedmae.cluster.ClusterTopics;
import aedmae.cluster.EventRelay;
import aedmae.watch.EventSink;
import aedmae.watch.JsonLinesSink;
import aedmae.watch.WebhookSink;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The cluster around {@code watch --kafka}: the camera list in Kafka, and the relay that turns the
 * cluster's events into a single node's outputs.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Cameras spread over many `watch --kafka` nodes: add, remove and list cameras; relay the events.",
        subcommands = {ClusterCommand.Add.class, ClusterCommand.Remove.class, ClusterCommand.ListCameras.class,
                ClusterCommand.Relay.class})
final class ClusterCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new IllegalArgumentException("cluster: give a subcommand (add, remove, list, relay); see --help");
    }

    static class KafkaOption {
        @Option(names = "--kafka", required = true, paramLabel = "BOOTSTRAP", description = "Kafka bootstrap servers, host:port[,host:port]")
        String bootstrap;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add cameras to the cluster (or change their config): the cameras of a watch config file, and/or --camera ID=URL.")
    static final class Add implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        KafkaOption kafka;

        @Option(names = "--config", description = "a watch config file: its \"cameras\" entries are added, each under its id")
        Path config;

        @Option(names = "--camera", description = "a camera as ID=URL (repeatable)")
        List<String> cameras = new ArrayList<>();

        @Option(names = "--threshold", description = "event threshold of the --camera cameras (else each node calibrates it)")
        Double threshold;

        @Override
        public Integer call() throws Exception {
            Map<String, String> entries = new java.util.LinkedHashMap<>();
            if (config != null) entries.putAll(cameraEntries(config));
            for (String spec : cameras) {
                int eq = spec.indexOf('=');
                if (eq <= 0 || eq == spec.length() - 1) throw new IllegalArgumentException("--camera " + spec + ": expected ID=URL");
                JsonObject o = new JsonObject();
                o.addProperty("url", spec.substring(eq + 1));
                if (threshold != null) o.addProperty("threshold", threshold);
                entries.put(spec.substring(0, eq), o.toString());
            }
            if (entries.isEmpty()) throw new IllegalArgumentException("no cameras: give --config FILE or --camera ID=URL");
            ClusterTopics.ensure(kafka.bootstrap);
            try (CameraCatalog catalog = new CameraCatalog(kafka.bootstrap)) {
                for (Map.Entry<String, String> e : entries.entrySet()) {
                    catalog.put(e.getKey(), e.getValue());
                    System.out.println("camera " + e.getKey() + ": " + e.getValue());
                }
            }
            return 0;
        }

        /** The config file's camera entries as JSON, by id (the id itself left out). */
        static Map<String, String> cameraEntries(Path file) throws IOException {
            if (!Files.isRegularFile(file)) throw new IOException(file + ": no such config file");
            JsonElement root;
            try {
                root = JsonParser.parseString(Files.readString(file));
            } catch (RuntimeException e) {
                throw new IOException(file + ": not valid JSON (" + e.getMessage() + ")", e);
            }
            if (!root.isJsonObject() || !root.getAsJsonObject().has("cameras") || !root.getAsJsonObject().get("cameras").isJsonArray()) {
                throw new IOException(file + ": no \"cameras\" list");
            }
            Map<String, String> out = new java.util.LinkedHashMap<>();
            int i = 0;
            for (JsonElement c : root.getAsJsonObject().getAsJsonArray("cameras")) {
                i++;
                if (!c.isJsonObject() || !c.getAsJsonObject().has("id") || !c.getAsJsonObject().has("url")) {
                    throw new IOException(file + ": camera " + i + " needs an \"id\" and a \"url\"");
                }
                JsonObject entry = c.getAsJsonObject().deepCopy();
                String id = entry.remove("id").getAsString();
                out.put(id, entry.toString());
            }
            return out;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove cameras from the cluster (their open events end).")
    static final class Remove implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        KafkaOption kafka;

        @Parameters(arity = "1..*", paramLabel = "ID", description = "camera ids")
        List<String> ids;

        @Override
        public Integer call() throws Exception {
            ClusterTopics.ensure(kafka.bootstrap);
            try (CameraCatalog catalog = new CameraCatalog(kafka.bootstrap)) {
                for (String id : ids) {
                    catalog.remove(id);
                    System.out.println("camera " + id + " removed");
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the cluster's cameras and their configs.")
    static final class ListCameras implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        KafkaOption kafka;

        @Override
        public Integer call() throws Exception {
            ClusterTopics.ensure(kafka.bootstrap);
            try (CameraCatalog catalog = new CameraCatalog(kafka.bootstrap)) {
                catalog.list().forEach((id, config) -> System.out.println(id + "\t" + config));
            }
            return 0;
        }
    }

    @Command(name = "relay", mixinStandardHelpOptions = true,
            description = "Write the cluster's events once each, as a single `watch` does: JSON lines and/or webhook calls.")
    static final class Relay implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        KafkaOption kafka;

        @Option(names = "--out", description = "the JSON-lines file; default runs/cluster/events.jsonl")
        Path out = Path.of("runs/cluster/events.jsonl");

        @Option(names = "--webhook", description = "POST each event message (JSON) to this URL")
        URI webhook;

        @Option(names = "--duration", description = "stop after this many seconds (default: until SIGINT/SIGTERM)")
        Double duration;

        @Override
        public Integer call() throws Exception {
            List<EventSink> sinks = new ArrayList<>();
            sinks.add(new JsonLinesSink(out));
            if (webhook != null) sinks.add(new WebhookSink(webhook, System.err::println));
            sinks.add(e -> System.out.printf("event %s %s camera %s score %.4g%n", e.phase(), e.id(), e.camera(), e.score()));
            ClusterTopics.ensure(kafka.bootstrap);
            EventRelay relay = new EventRelay(kafka.bootstrap, sinks).start();
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                try {
                    relay.close();
                } catch (Exception e) {
                    System.err.println("relay: " + e.getMessage());
                }
                done.countDown();
            }, "shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.println("relaying events to " + out.toAbsolutePath() + (webhook != null ? " and " + webhook : ""));
            if (duration != null && !done.await((long) (duration * 1000), TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                relay.close();
            } else if (duration == null) {
                done.await();
            }
            System.out.printf("%d events relayed, %d copies dropped%n", relay.delivered(), relay.duplicates());
            return 0;
        }
    }
}
