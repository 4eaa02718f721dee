package aedmae.cli;

import aedmae.datasets.Dataset;
import aedmae.datasets.Video;
import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.nn.Checkpoint;
import aedmae.score.ScoreOptions;
import aedmae.tensor.cpu.Parallel;
import aedmae.watch.CameraConfig;
import aedmae.watch.LookAheadCost;
import aedmae.watch.MapScorer;
import aedmae.watch.WatchMetrics;
import aedmae.watch.WatchOptions;
import aedmae.watch.Watcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * `aedmae watch-bench`: how many live cameras one process sustains (--streams), and what live
 * scoring costs in AUC against offline scoring (--look-ahead-cost).
 *
 * <p>--streams N,M,...: for each N, N cameras play a video file looped at 25 fps (decoded, resized,
 * scored in batches across cameras, as `watch` does) for --seconds after --warmup; prints per run
 * the frames skipped (%), latency p50/p95 and heap after a full GC at the start and the end.
 */
@Command(name = "watch-bench", mixinStandardHelpOptions = true, description = "Benchmark live watching: cameras sustained (--streams) or the AUC cost of live scoring (--look-ahead-cost).")
final class WatchBenchCommand implements Callable<Integer> {
    @Option(names = "--streams", split = ",", description = "camera counts to try, e.g. 1,2,4")
    int[] streams;

    @Option(names = "--video", defaultValue = "examples/demo-cameras.mp4", description = "what every camera plays, looped at 25 fps; default ${DEFAULT-VALUE}")
    Path video;

    @Option(names = "--seconds", defaultValue = "30", description = "measured seconds per camera count; default ${DEFAULT-VALUE}")
    double seconds;

    @Option(names = "--warmup", defaultValue = "10", description = "unmeasured seconds first; default ${DEFAULT-VALUE}")
    double warmup;

    @Option(names = "--look-ahead-cost", description = "compare live with offline scoring on the test videos of --data")
    boolean lookAheadCost;

    @Option(names = "--data", description = "a labelled dataset (e.g. the demo scene, or UCSD Ped2)")
    Path data;

    @Option(names = "--checkpoint", description = "model checkpoint (speed does not depend on the weights: random ones without it)")
    Path checkpoint;

    @Option(names = "--preset", defaultValue = "ped2-fast", completionCandidates = PresetNames.class, description = "preset; default ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--temporal-sigma", defaultValue = "3", description = "temporal Gaussian sigma; default ${DEFAULT-VALUE}")
    double temporalSigma;

    @Option(names = "--passes", defaultValue = "2", description = "masking passes per frame, or 0 for one pass without masking; default ${DEFAULT-VALUE}")
    int passes;

    @Option(names = "--batch", defaultValue = "8", description = "frames per forward pass; default ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--look-ahead", defaultValue = "4", description = "look-ahead D (frames); default ${DEFAULT-VALUE}")
    int lookAhead;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (0 = all cores)")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (threads > 0) Parallel.setThreads(threads);
        if (!lookAheadCost && streams == null) throw new IllegalArgumentException("give --streams N,... or --look-ahead-cost --data DIR");
        AedMae model = new AedMae(Preset.named(preset), true, 1);
        if (checkpoint != null) Checkpoint.load(model, checkpoint, true);
        MapScorer scorer = new MapScorer(model, ScoreOptions.defaults(1, batch, temporalSigma).withPasses(passes));
        if (lookAheadCost) {
            if (data == null) throw new IllegalArgumentException("--look-ahead-cost needs --data DIR");
            if (checkpoint == null) throw new IllegalArgumentException("--look-ahead-cost needs a trained --checkpoint");
            List<Video> test = Dataset.open(data).test().stream().filter(Video::hasLabels).toList();
            System.out.printf("%-46s %8s %8s %8s%n", "scoring", "latency", "micro", "macro");
            for (LookAheadCost.Row r : LookAheadCost.measure(scorer, test, new int[] {0, 1, 2, 4, 8}, batch)) {
                System.out.printf("%-46s %8s %7.2f%% %7.2f%%%n", r.scoring(), r.latencyFrames() < 0 ? "video" : r.latencyFrames() + " fr", 100 * r.micro(), 100 * r.macro());
            }
        }
        if (streams != null) {
            System.out.printf("preset %s, batch %d, %d threads, look-ahead %d, %s looped at 25 fps; %.0f s measured after %.0f s%n",
                    preset, batch, Parallel.threads(), lookAhead, video, seconds, warmup);
            System.out.printf("%8s %10s %10s %9s %9s %9s %12s %12s%n", "cameras", "in fps", "scored fps", "skipped", "p50 s", "p95 s", "heap start", "heap end");
            for (int n : streams) run(scorer, n);
        }
        return 0;
    }

    private void run(MapScorer scorer, int n) throws Exception {
        WatchOptions o = WatchOptions.defaults(null).withBatch(batch, 40).withLookAhead(lookAhead).withClipSeconds(0);
        try (Watcher w = new Watcher(o, c -> scorer, List.of(), s -> {})) {
            for (int i = 0; i < n; i++) {
                w.add(CameraConfig.of("cam" + (i + 1), video.toString()).withFps(25).withLoop(true).withThreshold(Double.MAX_VALUE));
            }
            Thread.sleep((long) (warmup * 1000));
            WatchMetrics m = w.metrics();
            long in0 = 0, sc0 = 0, sk0 = 0;
            for (String id : w.ids()) { in0 += m.framesIn(id); sc0 += m.framesScored(id); sk0 += m.framesSkipped(id); }
            long heap0 = heapAfterGc();
            Thread.sleep((long) (seconds * 1000));
            long in1 = 0, sc1 = 0, sk1 = 0;
            double p50 = 0, p95 = 0;
            for (String id : w.ids()) {
                in1 += m.framesIn(id); sc1 += m.framesScored(id); sk1 += m.framesSkipped(id);
                p50 = Math.max(p50, m.latencyQuantile(id, 0.5));
                p95 = Math.max(p95, m.latencyQuantile(id, 0.95));
            }
            long heap1 = heapAfterGc();
            long in = in1 - in0, skipped = sk1 - sk0;
            System.out.printf("%8d %10.1f %10.1f %8.2f%% %9.2f %9.2f %10.1f MB %10.1f MB%n", n, in / seconds, (sc1 - sc0) / seconds,
                    in == 0 ? 0 : 100.0 * skipped / in, p50, p95, heap0 / 1e6, heap1 / 1e6);
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
