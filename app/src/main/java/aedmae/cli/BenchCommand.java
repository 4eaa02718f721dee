package aedmae.cli;

import aedmae.datasets.loader.InputLayout;
import aedmae.model.AedMae;
import aedmae.model.FlopCount;
import aedmae.model.Masking;
import aedmae.model.Objectives;
import aedmae.model.Preset;
import aedmae.model.Stage;
import aedmae.model.StudentLoss;
import aedmae.nn.AdamW;
import aedmae.tensor.Backends;
import aedmae.tensor.Device;
import aedmae.tensor.MemoryArena;
import aedmae.tensor.Profiler;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import aedmae.tensor.cpu.Parallel;
import aedmae.tensor.cuda.CudaBackend;
import aedmae.tensor.cuda.CudaGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * `aedmae bench`: throughput of the whole network. Times the full forward pass (masking, encoder,
 * head, teacher and student decoders) or, with --train, a full training step (forward, the
 * stage-1 loss, backward, AdamW), after warm-up, and reports the median, frames/s, GFLOP/s
 * against the model's FLOP count, peak heap and a per-kernel profile.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Time the full forward pass (or a training step) of a preset and print a per-kernel profile.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "avenue", completionCandidates = PresetNames.class, description = "preset; default ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--batch", defaultValue = "32", description = "frames per batch; default ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (0 = all cores)")
    int threads;

    @Option(names = "--train", description = "time a training step (forward + loss + backward + AdamW) instead of inference")
    boolean train;

    @Option(names = "--iters", defaultValue = "5", description = "timed iterations; default ${DEFAULT-VALUE}")
    int iters;

    @Option(names = "--warmup", defaultValue = "2", description = "untimed warm-up iterations; default ${DEFAULT-VALUE}")
    int warmup;

    @picocli.CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--gemm", defaultValue = "own", description = "CPU GEMM: own (default) or openblas (OpenBLAS through Bytedeco; other bits)")
    String gemm;

    @Option(names = "--no-profile", description = "skip the per-kernel profile (it adds a little overhead)")
    boolean noProfile;

    @Option(names = "--graph", description = "inference on cuda as one captured CUDA graph, replayed each iteration (one masking for all)")
    boolean graph;

    @Override
    public Integer call() {
        FlagChecks.applyThreads(threads);
        FlagChecks.range("--batch", batch, 1, FlagChecks.MAX_BATCH);
        FlagChecks.range("--iters", iters, 1, 1_000_000);
        FlagChecks.range("--warmup", warmup, 0, 1_000_000);
        Device dev = device.apply();
        aedmae.tensor.cpu.Gemm.setEngine(gemm);
        if (graph && train) throw new IllegalArgumentException("--graph times inference only; drop --train");
        if (graph && !(Backends.get(dev) instanceof CudaBackend))
            throw new IllegalArgumentException("--graph needs --device cuda (graphs are CUDA's), got " + dev);
        Preset p = Preset.named(preset);
        AedMae model = new AedMae(p, true, 1);
        model.to(dev);
        Rng rng = new Rng(2);
        Tensor x = rng.uniform(-1, 1, batch, AedMae.IN_CHANNELS, p.height(), p.width()).to(dev);
        Tensor target = rng.uniform(-1, 1, batch, AedMae.OUT_CHANNELS, p.height(), p.width()).to(dev);
        Tensor gradient = rng.uniform(0, 255, batch, InputLayout.GRADIENT_CHANNELS, p.height(), p.width()).to(dev);
        Tensor labels = Tensor.zeros(dev, batch, 1);
        AdamW opt = AdamW.paperDefaults(model.namedParameters(), 1e-4f);
        if (!train) model.eval();
        if (graph) return graphInference((CudaBackend) Backends.get(dev), model, p, x, rng);
        HeapSampler heap = new HeapSampler();
        double[] times = new double[iters];
        long[] faults = new long[iters];
        long[] allocMiB = new long[iters];
        double[] cpu = new double[iters];
        long gcCount0 = 0, gcMillis0 = 0;
        for (int i = -warmup; i < iters; i++) {
            if (i == 0) {
                gcCount0 = gcCount();
                gcMillis0 = gcMillis();
            }
            long f0 = minorFaults(), a0 = allocatedBytes(), c0 = processCpuNanos();
            if (i == iters - 1 && !noProfile) {
                Profiler.reset();
                Profiler.enable(true);
            }
            long t0 = System.nanoTime();
            try (MemoryArena arena = MemoryArena.open()) {
            Masking masking = model.randomMasking(batch, rng);
            if (train) {
                Tensor w = Objectives.motionWeights(gradient, null, p.patch());
                Tensor loss = model.forwardLoss(Stage.TEACHER, x, masking, target, w, labels, 1f, StudentLoss.PAPER).total();
                opt.zeroGrad();
                loss.backward();
                opt.step();
                opt.zeroGrad();
                loss.item(); // synchronises a device backend
            } else {
                try (var s = GradMode.disable()) {
                    model.forward(x, masking).teacher().get(0, 0, 0);
                }
            }
            }
            if (i >= 0) {
                times[i] = (System.nanoTime() - t0) / 1e9;
                faults[i] = minorFaults() - f0;
                allocMiB[i] = (allocatedBytes() - a0) >> 20;
                cpu[i] = (processCpuNanos() - c0) / 1e9;
            }
            if (i == -1 || (warmup == 0 && i < 0)) heap.start();
        }
        heap.stop();
        long gcs = gcCount() - gcCount0, gcMs = gcMillis() - gcMillis0;
        Profiler.enable(false);
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        double median = sorted[iters / 2];
        double flops = (train ? FlopCount.trainingStepPerFrame(p) : FlopCount.forwardPerFrame(p)) * batch;
        System.out.printf("aedmae bench: preset %s, %s, batch %d, %d threads, device %s, GEMM %s%n", p.name(), train ? "training step" : "inference",
                batch, Parallel.threads(), dev, aedmae.tensor.cpu.Gemm.engine());
        System.out.printf("  times (s): %s%n", Arrays.toString(Arrays.stream(times).map(t -> Math.round(t * 1000) / 1000.0).toArray()));
        System.out.printf("  median %.3f s/batch  ->  %.1f frames/s%n", median, batch / median);
        System.out.printf("  spread: min %.3f / median %.3f / max %.3f s (%.0f %%); minor page faults per iteration %s; GC %d collections, %d ms in the timed iterations%n",
                sorted[0], median, sorted[iters - 1], 100 * (sorted[iters - 1] - sorted[0]) / median, Arrays.toString(faults), gcs, gcMs);
        double[] cpuSorted = cpu.clone();
        Arrays.sort(cpuSorted);
        System.out.printf("  process CPU time per iteration: min %.3f / median %.3f / max %.3f s  ->  %.1f frames per CPU-second (less sensitive to other load than wall time)%n",
                cpuSorted[0], cpuSorted[iters / 2], cpuSorted[iters - 1], batch / cpuSorted[iters / 2]);
        System.out.printf("  heap allocated per iteration (MiB, all threads): %s%n", Arrays.toString(allocMiB));
        System.out.printf("  model FLOPs %.2f GFLOP/frame (%s)  ->  %.1f GFLOP/s achieved%n",
                flops / batch / 1e9, train ? "3x forward" : "forward", flops / median / 1e9);
        long[] pool = aedmae.tensor.cpu.CpuBackend.INSTANCE.poolStats();
        System.out.printf("  CPU buffer pool: %d hits, %d misses, %.0f MiB held%n", pool[0], pool[1], pool[2] / 1048576.0);
        System.out.printf("  peak heap in use %.0f MiB during the timed iterations (max heap %.0f MiB)%n", heap.peakMiB(), Runtime.getRuntime().maxMemory() / 1048576.0);
        if (!noProfile) {
            System.out.println("  per-kernel profile of the last iteration:");
            System.out.print(Profiler.table().indent(4));
        }
        return 0;
    }

    /**
     * Inference as one CUDA graph: a warm eager pass (kernels loaded, buffers cached), then the
     * forward of one masking captured and replayed; each timed iteration is a replay and a
     * synchronise, so the host's launch overhead is gone.
     */
    private int graphInference(CudaBackend cuda, AedMae model, Preset p, Tensor x, Rng rng) {
        Masking masking = model.randomMasking(batch, rng);
        try (var s = GradMode.disable()) {
            model.forward(x, masking).teacher().get(0, 0, 0); // warm: kernels loaded, the allocator's blocks cached
            cuda.synchronize();
            cuda.beginCapture();
            model.forward(x, masking);
        }
        double[] times = new double[iters];
        try (CudaGraph g = cuda.endCapture()) {
            for (int i = -warmup; i < iters; i++) {
                long t0 = System.nanoTime();
                g.launch();
                cuda.synchronize();
                if (i >= 0) times[i] = (System.nanoTime() - t0) / 1e9;
            }
            double[] sorted = times.clone();
            Arrays.sort(sorted);
            double median = sorted[iters / 2];
            System.out.printf("aedmae bench: preset %s, inference (CUDA graph of %d kernels), batch %d, device %s%n", p.name(), g.kernels(), batch, cuda.device());
            System.out.printf("  times (s): %s%n", Arrays.toString(Arrays.stream(times).map(t -> Math.round(t * 1e5) / 1e5).toArray()));
            System.out.printf("  median %.5f s/batch  ->  %.1f frames/s%n", median, batch / median);
            System.out.printf("  spread: min %.5f / median %.5f / max %.5f s%n", sorted[0], median, sorted[iters - 1]);
        }
        return 0;
    }

    /** Minor page faults of this process so far (/proc/self/stat field 10; -1 where there is no /proc). */
    static long minorFaults() {
        try {
            String st = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            return Long.parseLong(st.substring(st.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Bytes allocated on the heap by all threads so far (HotSpot's thread allocation counters). */
    static long allocatedBytes() {
        var bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean t ? t.getTotalThreadAllocatedBytes() : -1;
    }

    /** CPU time of this process (all threads, JIT and GC included), or 0 where not available. */
    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean o ? Math.max(0, o.getProcessCpuTime()) : 0;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionCount())).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    /** Samples the heap in use every few milliseconds (the sum of per-pool peaks would over-count). */
    static final class HeapSampler {
        private volatile boolean running;
        private volatile long peak;
        private Thread thread;

        void start() {
            if (thread != null) return;
            running = true;
            thread = new Thread(() -> {
                var mem = ManagementFactory.getMemoryMXBean();
                while (running) {
                    peak = Math.max(peak, mem.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
        }

        double peakMiB() {
            return peak / 1048576.0;
        }
    }
}
