package aedmae.cli;

import aedmae.eval.ScoreWeights;
import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.nn.Checkpoint;
import aedmae.score.ScoreOptions;
import aedmae.tensor.cpu.Parallel;
import aedmae.watch.CameraConfig;
import aedmae.watch.EventSink;
import aedmae.watch.JsonLinesSink;
import aedmae.watch.MapScorer;
import aedmae.watch.StatusServer;
import aedmae.watch.WatchConfig;
import aedmae.watch.WatchOptions;
import aedmae.watch.Watcher;
import aedmae.watch.WebhookSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * `aedmae watch`: scores live cameras in real time and raises events (JSON lines, webhook,
 * snapshots, clips), with a Prometheus endpoint and a status page. Runs until SIGINT/SIGTERM (or
 * --duration), then shuts down cleanly: open events are ended and delivered, clips finished.
 */
@Command(name = "watch", mixinStandardHelpOptions = true, description = "Watch live cameras (RTSP, HTTP, UDP/TCP MPEG-TS, files, frame folders, devices): score every frame, raise events.")
final class WatchCommand implements Callable<Integer> {
    @Option(names = "--config", description = "cameras and settings (JSON; see aedmae.watch.WatchConfig)")
    Path config;

    @Option(names = "--camera", description = "a camera as ID=URL (repeatable), in addition to the config's")
    List<String> cameras = new ArrayList<>();

    @Option(names = "--checkpoint", description = "model checkpoint (.safetensors); overrides the config's")
    Path checkpoint;

    @Option(names = "--preset", completionCandidates = PresetNames.class, description = "preset of the checkpoint; default ped2-fast")
    String preset;

    @Option(names = "--no-head", description = "the checkpoint has no classification head")
    boolean noHead;

    @Option(names = "--weights", split = ",", description = "Eq. 6 weights alpha,beta,gamma (e.g. the calibrated ones `train` prints)")
    double[] weights;

    @Option(names = "--temporal-sigma", description = "temporal Gaussian sigma, frames; default 3")
    Double temporalSigma;

    @Option(names = "--passes", description = "complementary masking passes per frame, or 0 for one pass without masking; default 2")
    Integer passes;

    @Option(names = "--look-ahead", description = "frames the temporal Gaussian may wait for (0 = causal); default 4")
    Integer lookAhead;

    @Option(names = "--batch", description = "frames per forward pass across cameras; default 8")
    Integer batch;

    @Option(names = "--batch-timeout-ms", defaultValue = "40", description = "a batch that has not filled is scored this long after its first frame; default ${DEFAULT-VALUE}")
    int batchTimeoutMs;

    @Option(names = "--queue-seconds", defaultValue = "1", description = "video a camera may have waiting; older frames are skipped (counted); default ${DEFAULT-VALUE}")
    double queueSeconds;

    @Option(names = "--threshold", description = "event threshold for the --camera cameras (else calibrated)")
    Double threshold;

    @Option(names = "--calibrate", description = "normal video (file, frame folder, or a folder of them) that calibrates the --camera cameras' thresholds")
    Path calibrate;

    @Option(names = "--calibration-seconds", defaultValue = "20", description = "with neither: the first seconds of each --camera stream calibrate it; default ${DEFAULT-VALUE}")
    double calibrationSeconds;

    @Option(names = "--false-alarms-per-hour", description = "target false-alarm rate of calibrated thresholds; default 1")
    Double falseAlarmsPerHour;

    @Option(names = "--out", description = "events.jsonl, snapshots/ and clips/ go here; default runs/watch")
    Path out;

    @Option(names = "--clip-seconds", defaultValue = "3", description = "seconds before and after an event in its H.264 clip (0 = no clips); default ${DEFAULT-VALUE}")
    double clipSeconds;

    @Option(names = "--webhook", description = "POST each event message (JSON) to this URL")
    URI webhook;

    @Option(names = "--host", description = "address of the status page and /metrics; default 127.0.0.1")
    String host;

    @Option(names = "--port", description = "port of the status page and /metrics (0 = any free port, -1 = none); default 9400")
    Integer port;

    @Option(names = "--duration", description = "stop after this many seconds (default: until SIGINT/SIGTERM)")
    Double duration;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads for the model (0 = all cores)")
    int threads;

    @Option(names = "--seed", defaultValue = "1", description = "fixes the scoring masks; default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "run as one scorer node of a cluster: cameras come from Kafka (`aedmae cluster add`), events go to it (`aedmae cluster relay`)")
    String kafka;

    @Option(names = "--node-id", description = "with --kafka: this node's stable name (its group.instance.id); default the host name")
    String nodeId;

    @Override
    public Integer call() throws Exception {
        if (threads > 0) Parallel.setThreads(threads);
        WatchConfig cfg = config != null ? WatchConfig.read(config) : new WatchConfig();
        List<CameraConfig> cams = new ArrayList<>(cfg.cameraConfigs());
        for (String spec : cameras) cams.add(commandLineCamera(spec));
        ClusterNode cluster = kafka == null ? null : ClusterNode.join(kafka, nodeId, cams);
        if (cams.isEmpty() && cluster == null) throw new IllegalArgumentException("no cameras: give --config FILE or --camera ID=URL");
        Path ckpt = checkpoint != null ? checkpoint : cfg.resolve(cfg.checkpoint);
        String presetName = preset != null ? preset : cfg.preset != null ? cfg.preset : "ped2-fast";
        boolean head = !(noHead || Boolean.TRUE.equals(cfg.noHead));
        double sigma = temporalSigma != null ? temporalSigma : cfg.temporalSigma != null ? cfg.temporalSigma : 3;
        int k = passes != null ? passes : cfg.passes != null ? cfg.passes : 2;
        double[] w = weights != null ? weights : cfg.weights;
        if (w != null && w.length != 3) throw new IllegalArgumentException("weights need three numbers alpha,beta,gamma, got " + w.length);
        Path outDir = out != null ? out : cfg.out != null ? cfg.resolve(cfg.out) : Path.of("runs/watch");
        WatchOptions o = WatchOptions.defaults(outDir).withClipSeconds(clipSeconds).withQueueSeconds(queueSeconds);
        int b = batch != null ? batch : cfg.batch != null ? cfg.batch : o.batch();
        o = o.withBatch(b, batchTimeoutMs);
        if (lookAhead != null || cfg.lookAhead != null) o = o.withLookAhead(lookAhead != null ? lookAhead : cfg.lookAhead);
        if (falseAlarmsPerHour != null || cfg.falseAlarmsPerHour != null) o = o.withFalseAlarmsPerHour(falseAlarmsPerHour != null ? falseAlarmsPerHour : cfg.falseAlarmsPerHour);

        Map<String, MapScorer> models = new HashMap<>();
        final WatchOptions opts = o;
        java.util.function.Function<CameraConfig, MapScorer> modelOf = c -> {
            Path cp = c.checkpoint() != null ? c.checkpoint() : ckpt;
            String pn = c.preset() != null ? c.preset() : presetName;
            if (cp == null) throw new IllegalArgumentException("camera " + c.id() + ": no checkpoint (give --checkpoint or \"checkpoint\" in the config)");
            return models.computeIfAbsent(cp.toAbsolutePath() + "|" + pn, key -> {
                AedMae model = new AedMae(Preset.named(pn), head, seed);
                try {
                    Checkpoint.load(model, cp, true);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                ScoreOptions so = ScoreOptions.defaults(seed, opts.batch(), sigma).withPasses(k);
                if (w != null) so = so.withWeights(new ScoreWeights(w[0], w[1], w[2]));
                return new MapScorer(model, so);
            });
        };
        List<EventSink> sinks = new ArrayList<>();
        URI hook = webhook != null ? webhook : cfg.webhook != null ? URI.create(cfg.webhook) : null;
        if (cluster != null) {
            sinks.add(cluster.node().eventSink()); // the relay writes the JSON lines and calls the webhook
        } else {
            sinks.add(new JsonLinesSink(outDir.resolve("events.jsonl")));
            if (hook != null) sinks.add(new WebhookSink(hook, System.err::println));
        }
        sinks.add(e -> System.out.printf("event %s %s camera %s frame %d score %.4g box %s%n", e.phase(), e.id(), e.camera(), e.frame(), e.score(), java.util.Arrays.toString(e.box())));

        Watcher watcher = new Watcher(o, modelOf, sinks, System.out::println);
        StatusServer status = null;
        CountDownLatch done = new CountDownLatch(1);
        Thread hookThread = new Thread(() -> {
            if (cluster != null) cluster.leave(); // its cameras go to the other nodes, open events with them
            System.out.println("shutting down: ending open events, finishing clips...");
            watcher.close();
            done.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hookThread);
        try {
            if (cluster != null) cluster.start(watcher, cfg.base);
            else for (CameraConfig c : cams) watcher.add(c);
            int p = port != null ? port : cfg.port != null ? cfg.port : 9400;
            String h = host != null ? host : cfg.host != null ? cfg.host : "127.0.0.1";
            if (p >= 0) {
                status = new StatusServer(watcher, h, p);
                System.out.printf("status page http://%s:%d/   metrics http://%s:%d/metrics%n", h, status.port(), h, status.port());
            }
            if (cluster == null) System.out.println("events: " + outDir.resolve("events.jsonl").toAbsolutePath() + (hook != null ? " and " + hook : ""));
            if (duration != null) {
                if (!done.await((long) (duration * 1000), TimeUnit.MILLISECONDS)) {
                    Runtime.getRuntime().removeShutdownHook(hookThread);
                    if (cluster != null) cluster.leave();
                    watcher.close();
                }
            } else {
                done.await();
            }
        } catch (RuntimeException | IOException e) {
            Runtime.getRuntime().removeShutdownHook(hookThread);
            if (cluster != null) cluster.leave();
            watcher.close();
            throw e;
        } finally {
            if (status != null) status.close();
        }
        for (String id : watcher.ids()) {
            var m = watcher.metrics();
            System.out.printf("camera %s: %d frames in, %d scored, %d skipped, %d reconnects, %d events; latency p50 %.2f s, p95 %.2f s%n",
                    id, m.framesIn(id), m.framesScored(id), m.framesSkipped(id), m.reconnects(id), m.events(id),
                    m.latencyQuantile(id, 0.5), m.latencyQuantile(id, 0.95));
        }
        return 0;
    }

    private CameraConfig commandLineCamera(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) throw new IllegalArgumentException("--camera " + spec + ": expected ID=URL");
        CameraConfig c = CameraConfig.of(spec.substring(0, eq), spec.substring(eq + 1));
        c = new CameraConfig(c.id(), c.url(), null, 0, false, null, threshold == null ? Double.NaN : threshold, calibrate, calibrationSeconds, null, null);
        return c;
    }
}
