package aedmae.datasets;

import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.loader.Batch;
import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.datasets.loader.VideoLoader;
import aedmae.datasets.prepare.DatasetPreparer;
import aedmae.datasets.prepare.PrepareOptions;
import aedmae.datasets.prepare.PrepareReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;

/**
 * Loader throughput on UCSD Ped2 (frames per second), for bench/RESULTS.md: building the cache,
 * then training batches with and without the cache, with and without synthetic anomalies.
 * The consumer only touches each batch, so this is the loader's ceiling.
 * <p>
 * Usage: {@code LoaderThroughput <ped2> <H> <W> <cacheRoot> <batches> <rebuild:true|false> <workers...>}
 */
public final class LoaderThroughput {
    public static void main(String[] args) throws Exception {
        Path ped2 = Path.of(args.length > 0 ? args[0] : "../shared/datasets/ped2");
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 240, w = args.length > 2 ? Integer.parseInt(args[2]) : 360;
        Path cacheDir = Path.of(args.length > 3 ? args[3] : "/tmp/aedmae-bench-cache").resolve("ped2-" + h + "x" + w);
        int batches = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        boolean rebuild = args.length <= 5 || Boolean.parseBoolean(args[5]);
        int[] workers = args.length > 6 ? java.util.Arrays.stream(args, 6, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1, 2};
        System.out.printf(Locale.ROOT, "# %s, %d cores, Java %s, input %dx%d, batch 32%n", ped2, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), h, w);
        Dataset ds = Dataset.open(ped2);

        if (rebuild) deleteTree(cacheDir);
        PrepareReport r = new DatasetPreparer(PrepareOptions.defaults(h, w).withCacheDir(cacheDir).withPreview(false)
                .withGradientModes(EnumSet.of(GradientMode.MEDIAN))).prepare(ds);
        if (r.framesDecoded() > 0)
            System.out.printf(Locale.ROOT, "prepare (decode JPEG, resize, median gradient, write; %d threads): %d frames in %.1f s = %.0f frames/s%n",
                    Runtime.getRuntime().availableProcessors(), r.framesDecoded(), r.seconds(), r.framesDecoded() / r.seconds());
        else
            System.out.printf(Locale.ROOT, "prepare: cache fresh, checked in %.2f s%n", r.seconds());
        if (r.hasErrors()) throw r.firstError();

        for (int wk : workers) {
            for (double share : new double[] {0, 0.25}) {
                run("cache,    ", ds, base(h, w, cacheDir, wk).withSyntheticShare(share), batches, share);
                run("no cache, ", ds, base(h, w, cacheDir, wk).withSyntheticShare(share).withCache(false), Math.max(2, batches / 4), share);
            }
        }
    }

    private static LoaderOptions base(int h, int w, Path cacheDir, int workers) {
        return LoaderOptions.defaults(h, w).withCacheDir(cacheDir).withBatchSize(32).withWorkers(workers).withPrefetch(Math.max(2, workers));
    }

    private static void run(String what, Dataset ds, LoaderOptions o, int batches, double share) {
        try (VideoLoader loader = new VideoLoader(ds, o)) {
            loader.trainStore();
            if (share > 0) loader.syntheticGenerator();
            // warm-up: one pass over a few batches (JIT, page cache, per-video backgrounds)
            consume(loader, 100, Math.min(batches, 4));
            long t0 = System.nanoTime();
            int frames = consume(loader, 0, batches);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%s synthetic %.2f, %d workers: %d frames in %.2f s = %.0f frames/s%n",
                    what, share, o.workers(), frames, s, frames / s);
        }
    }

    private static int consume(VideoLoader loader, int epoch, int batches) {
        int frames = 0;
        double sink = 0;
        try (BatchStream s = loader.trainBatches(epoch)) {
            for (int k = 0; k < batches && s.hasNext(); k++) {
                Batch b = s.next();
                frames += b.size();
                sink += b.label().get(0) + b.input().get(0, 0, 0, 0);
            }
        }
        if (sink == 12345.678) System.out.println(sink);
        return frames;
    }

    private static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    private LoaderThroughput() {}
}
