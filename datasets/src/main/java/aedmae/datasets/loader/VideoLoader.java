package aedmae.datasets.loader;

import aedmae.datasets.Dataset;
import aedmae.datasets.DatasetException;
import aedmae.datasets.Fingerprint;
import aedmae.datasets.Split;
import aedmae.datasets.Video;
import aedmae.datasets.cache.FrameCache;
import aedmae.datasets.frames.CachedFrameStore;
import aedmae.datasets.frames.DecodingFrameStore;
import aedmae.datasets.frames.FrameStore;
import aedmae.datasets.synthetic.SyntheticAnomaly;
import aedmae.datasets.synthetic.SyntheticAnomalyGenerator;
import aedmae.datasets.synthetic.ValidationEvents;
import aedmae.tensor.Device;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Batches of samples from a {@link Dataset}, for training and for scoring.
 * <ul>
 *   <li>Training ({@link #trainBatches(int)}): every frame of every training video once per
 *       epoch, in an order shuffled by (seed, epoch); a fixed share of positions get a synthetic
 *       anomaly (position p is synthetic when floor((p+1)·share) &gt; floor(p·share), so every
 *       batch holds the share up to rounding), drawn from a random generator seeded by
 *       (seed, epoch, p). The same seed and epoch give the same batches, whatever the number of
 *       threads, so a resumed run continues exactly ({@link #trainBatches(int, int)}).</li>
 *   <li>Scoring ({@link #testBatches()}): test videos in order, frames in order, no synthetic
 *       anomalies, with the ground-truth label of each frame when known.</li>
 * </ul>
 * Frames come from the on-disk cache (built on first use when missing or stale) or, with the
 * cache off, from the image files. Work runs on the loader's own fork-join pool
 * ({@code workers} threads): kernels called from it run inline in that thread instead of
 * competing with the model's compute threads. A batch carries its samples as uint8 bytes
 * ({@link Batch}); the float stack and the gradients of pasted objects are made where the model
 * runs.
 */
public final class VideoLoader implements AutoCloseable {
    private final Dataset dataset;
    private final LoaderOptions options;
    private final Consumer<String> log;
    private final ForkJoinPool pool;
    private FrameStore train, test;
    private SampleAssembler trainAssembler, testAssembler;
    private SyntheticAnomalyGenerator generator;
    private int[] trainStart, testStart; // prefix sums of frame counts
    private int[][] testLabels;

    public VideoLoader(Dataset dataset, LoaderOptions options) {
        this(dataset, options, null);
    }

    /**
     * @param log receives a line for each video whose cache is built on first use (may be null)
     */
    public VideoLoader(Dataset dataset, LoaderOptions options, Consumer<String> log) {
        this.dataset = dataset;
        this.options = options;
        this.log = log;
        this.pool = new ForkJoinPool(options.workers());
    }

    public Dataset dataset() {
        return dataset;
    }

    public LoaderOptions options() {
        return options;
    }

    /** The cache folder in use: the option, or {@code ./cache/<dataset>-<H>x<W>}. */
    public Path cacheDir() {
        return options.cacheDir() != null ? options.cacheDir() : FrameCache.defaultDir(dataset, options.height(), options.width());
    }

    /** The training videos' frames (opened, and cached if needed, on first call). */
    public synchronized FrameStore trainStore() {
        if (train == null) {
            if (dataset.train().isEmpty()) throw new DatasetException(dataset.root(), "no training videos (layout " + dataset.layout().description() + ")");
            train = openStore(dataset.train());
            trainStart = prefix(train);
            trainAssembler = new SampleAssembler(train, options.gradientMode());
        }
        return train;
    }

    /**
     * The test videos' frames. Opening checks each video's labels against its decoded frame count.
     *
     * @throws DatasetException naming the label file when labels do not fit a video
     */
    public synchronized FrameStore testStore() {
        if (test == null) {
            if (dataset.test().isEmpty()) throw new DatasetException(dataset.root(), "no test videos (layout " + dataset.layout().description() + ")");
            FrameStore s = openStore(dataset.test());
            int[][] labels = new int[s.videoCount()][];
            try {
                for (int v = 0; v < labels.length; v++) labels[v] = dataset.test().get(v).frameLabels(s.frameCount(v));
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
            test = s;
            testLabels = labels;
            testStart = prefix(test);
            testAssembler = new SampleAssembler(test, options.gradientMode());
        }
        return test;
    }

    /** The synthetic anomaly generator over the training videos. */
    public synchronized SyntheticAnomalyGenerator syntheticGenerator() {
        if (generator == null) generator = new SyntheticAnomalyGenerator(trainStore(), options.synthetic());
        return generator;
    }

    /** Training frames per epoch. */
    public int trainFrameCount() {
        trainStore();
        return trainStart[trainStart.length - 1];
    }

    public int testFrameCount() {
        testStore();
        return testStart[testStart.length - 1];
    }

    /** Training batches per epoch. */
    public int batchesPerEpoch() {
        int n = trainFrameCount(), b = options.batchSize();
        return options.dropLast() ? n / b : (n + b - 1) / b;
    }

    /** Ground truth of test video v, one 0/1 per frame, or null when it has none. */
    public int[] testLabels(int v) {
        testStore();
        return testLabels[v] == null ? null : testLabels[v].clone();
    }

    /** Whether training position p of an epoch gets a synthetic anomaly. */
    public boolean isSynthetic(int position) {
        double share = options.synthetic().share();
        return Math.floor((position + 1) * share) > Math.floor(position * share);
    }

    /** The shuffled order of an epoch: position → global training frame index. */
    public int[] epochOrder(int epoch) {
        int n = trainFrameCount();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom rng = new SplittableRandom(Fingerprint.mix(Fingerprint.mix(options.seed(), epoch), 0x5A11L));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), x = order[i];
            order[i] = order[j];
            order[j] = x;
        }
        return order;
    }

    /** All training batches of an epoch. */
    public BatchStream trainBatches(int epoch) {
        return trainBatches(epoch, 0);
    }

    /** The training batches of an epoch from batch firstBatch on (to resume mid-epoch). */
    public BatchStream trainBatches(int epoch, int firstBatch) {
        FrameStore store = trainStore();
        if (options.synthetic().share() > 0) syntheticGenerator();
        int[] order = epochOrder(epoch);
        int b = options.batchSize(), n = order.length, count = batchesPerEpoch();
        if (firstBatch < 0 || firstBatch > count) throw new IllegalArgumentException("first batch " + firstBatch + " outside 0.." + count);
        return new BatchStream(firstBatch, count, k -> {
            int from = k * b, to = Math.min(n, from + b);
            int[] vs = new int[to - from], ts = new int[to - from];
            long[] seeds = new long[to - from];
            boolean[] synth = new boolean[to - from];
            for (int p = from; p < to; p++) {
                int[] vt = locate(trainStart, order[p]);
                vs[p - from] = vt[0];
                ts[p - from] = vt[1];
                synth[p - from] = isSynthetic(p);
                seeds[p - from] = sampleSeed(epoch, p);
            }
            return build(Split.TRAIN, store, trainAssembler, vs, ts, synth, seeds);
        }, pool, options.prefetch());
    }

    /** All test frames, video after video, in frame order (a batch may span two videos). */
    public BatchStream testBatches() {
        testStore();
        int n = testStart[testStart.length - 1];
        return testRange(0, n);
    }

    /** The frames of test video v, in order. */
    public BatchStream testBatches(int v) {
        testStore();
        return testRange(testStart[v], testStart[v + 1]);
    }

    private BatchStream testRange(int from, int to) {
        int b = options.batchSize(), count = (to - from + b - 1) / b;
        return new BatchStream(0, count, k -> {
            int s = from + k * b, e = Math.min(to, s + b);
            int[] vs = new int[e - s], ts = new int[e - s];
            for (int g = s; g < e; g++) {
                int[] vt = locate(testStart, g);
                vs[g - s] = vt[0];
                ts[g - s] = vt[1];
            }
            return build(Split.TEST, test, testAssembler, vs, ts, new boolean[e - s], new long[e - s]);
        }, pool, options.prefetch());
    }

    /**
     * The frames of training video v in order, with the validation events' anomalies pasted (see
     * {@link ValidationEvents}); each sample's label says whether something abnormal was put into it.
     */
    public BatchStream eventBatches(int v, ValidationEvents events) {
        FrameStore store = trainStore();
        if (events.store() != store) throw new IllegalArgumentException("the events were planned on another loader's videos");
        int n = store.frameCount(v), b = options.batchSize(), count = (n + b - 1) / b;
        return new BatchStream(0, count, k -> {
            int s = k * b, e = Math.min(n, s + b);
            int[] vs = new int[e - s], ts = new int[e - s];
            for (int t = s; t < e; t++) {
                vs[t - s] = v;
                ts[t - s] = t;
            }
            return build(Split.TRAIN, store, trainAssembler, vs, ts, i -> events.at(vs[i], ts[i]));
        }, pool, options.prefetch());
    }

    /** Validation events over the training videos of this loader, planned from a seed (spedUp: with sped-up real objects among the kinds). */
    public ValidationEvents validationEvents(long seed, boolean spedUp) {
        return ValidationEvents.plan(trainStore(), syntheticGenerator(), seed, spedUp);
    }

    /** The sample at a position of a training epoch, exactly as its batch holds it. */
    public Sample trainSample(int epoch, int position) {
        trainStore();
        int[] vt = locate(trainStart, epochOrder(epoch)[position]);
        SyntheticAnomaly a = isSynthetic(position)
                ? syntheticGenerator().generate(new SplittableRandom(sampleSeed(epoch, position)), vt[0], vt[1]) : null;
        return sample(Split.TRAIN, vt[0], vt[1], a);
    }

    /** One sample of a video, with the given anomaly pasted (or none): a batch of one, made on the host. */
    public Sample sample(Split split, int v, int t, SyntheticAnomaly anomaly) {
        FrameStore store = split == Split.TRAIN ? trainStore() : testStore();
        SampleAssembler asm = split == Split.TRAIN ? trainAssembler : testAssembler;
        if (t < 0 || t >= store.frameCount(v)) throw new IndexOutOfBoundsException("frame " + t + " of " + store.frameCount(v));
        Batch b = build(split, store, asm, new int[]{v}, new int[]{t}, i -> anomaly).to(Device.CPU);
        return new Sample(b.ids().get(0), b.input().toArray(), b.target().toArray(), b.gradient().toArray(), b.anomalyMap().toArray(),
                Math.round(b.label().item()), groundTruth(split, v, t), anomaly == null ? null : anomaly.description(), options.height(), options.width());
    }

    /**
     * Writes a preview strip of synthetic anomalies (see {@link SyntheticPreview}): perKind random
     * training frames for each {@link SyntheticAnomalyGenerator.Kind} (plain object, stretched,
     * zig-zag, temporal jump, sped-up object), in that order.
     */
    public Path writeSyntheticPreview(Path png, int perKind, long seed) {
        trainStore();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Sample> samples = new ArrayList<>();
        int n = trainFrameCount();
        for (SyntheticAnomalyGenerator.Kind kind : SyntheticAnomalyGenerator.Kind.values())
            for (int i = 0; i < perKind; i++) {
                int[] vt = locate(trainStart, rng.nextInt(n));
                SyntheticAnomaly a = syntheticGenerator().generate(rng.split(), vt[0], vt[1], kind);
                samples.add(sample(Split.TRAIN, vt[0], vt[1], a));
            }
        SyntheticPreview.write(png, samples);
        return png;
    }

    private Batch build(Split split, FrameStore store, SampleAssembler asm, int[] vs, int[] ts, boolean[] synth, long[] seeds) {
        return build(split, store, asm, vs, ts, i -> synth[i] ? generator.generate(new SplittableRandom(seeds[i]), vs[i], ts[i]) : null);
    }

    /**
     * A batch of samples (vs[i], ts[i]) with anomalyOf(i) pasted into sample i (null: none): its
     * uint8 bytes assembled on the loader's threads. When the model runs on the CPU (the default
     * device) its tensors are made here too, on the loader's threads, so that they overlap the
     * model's work as before; on another device they are made there, after one upload.
     */
    private Batch build(Split split, FrameStore store, SampleAssembler asm, int[] vs, int[] ts, java.util.function.IntFunction<SyntheticAnomaly> anomalyOf) {
        int bs = vs.length, chunks = Math.min(bs, options.workers() * 2);
        SyntheticAnomaly[] anomalies = new SyntheticAnomaly[bs];
        int[] gt = new int[bs];
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int s = bs * c / chunks, e = bs * (c + 1) / chunks;
            tasks.add(ForkJoinTask.adapt(() -> {
                for (int i = s; i < e; i++) {
                    anomalies[i] = anomalyOf.apply(i);
                    gt[i] = groundTruth(split, vs[i], ts[i]);
                }
            }));
        }
        ForkJoinTask.invokeAll(tasks);
        BatchBytes bytes = asm.assemble(vs, ts, anomalies, chunks);
        List<FrameId> ids = new ArrayList<>(bs);
        for (int i = 0; i < bs; i++) ids.add(new FrameId(store.videos().get(vs[i]).name(), vs[i], ts[i]));
        Batch batch = Batch.of(bytes, Device.CPU, ids, gt);
        if (Device.defaultDevice().equals(Device.CPU)) batch.tensors();
        return batch;
    }

    private int groundTruth(Split split, int v, int t) {
        if (split == Split.TRAIN) return 0;
        return testLabels[v] == null ? -1 : testLabels[v][t];
    }

    private long sampleSeed(int epoch, int position) {
        return Fingerprint.mix(Fingerprint.mix(Fingerprint.mix(options.seed(), epoch), position), 0x5EEDL);
    }

    private FrameStore openStore(List<Video> videos) {
        if (!options.useCache()) return new DecodingFrameStore(videos, options.height(), options.width(), options.gradientMode());
        FrameCache cache = new FrameCache(cacheDir(), options.height(), options.width());
        // build missing or stale caches in parallel on the loader's threads
        pool.submit(() -> videos.parallelStream().forEach(v -> {
            FrameCache.BuildResult r = cache.ensure(v, java.util.EnumSet.of(options.gradientMode()));
            if (r.built() && log != null)
                log.accept("cached " + v.split().folder() + "/" + v.name() + ": " + r.frames() + " frames in " + cache.dir());
        })).join();
        return new CachedFrameStore(cache, videos, options.gradientMode());
    }

    private static int[] prefix(FrameStore s) {
        int[] p = new int[s.videoCount() + 1];
        for (int v = 0; v < s.videoCount(); v++) p[v + 1] = p[v] + s.frameCount(v);
        return p;
    }

    /** Global frame index g → {video, frame}. */
    private static int[] locate(int[] start, int g) {
        int v = Arrays.binarySearch(start, g);
        if (v < 0) v = -v - 2;
        while (v + 1 < start.length && start[v + 1] == g) v++; // skip empty videos
        return new int[] {v, g - start[v]};
    }

    @Override
    public synchronized void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (train != null) train.close();
        if (test != null) test.close();
    }
}
