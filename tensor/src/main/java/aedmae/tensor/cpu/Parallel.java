package aedmae.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The CPU backend's threads: a fork-join pool of {@link #threads()} workers and one parallel
 * loop. A loop started from inside a worker (a kernel called by a kernel) runs inline, so
 * nested parallelism never oversubscribes the cores.
 *
 * <p><b>Determinism rule</b> (same seed + same thread count = the same bits): the partition of
 * work is a fixed function of (n, grain, threads) and nothing else; never of which worker is free
 * (no work stealing of sub-ranges, no "next chunk" counters), nor of the calling thread. Chunk c
 * always covers [n*c/chunks, n*(c+1)/chunks); a kernel that reduces across chunks keeps one
 * partial result per chunk and combines them in chunk order. Inline runs (nested, or from another
 * pool such as the loader's) walk the same chunks in order.
 */
public final class Parallel {
    private static volatile int threads = Integer.getInteger("aedmae.threads", Runtime.getRuntime().availableProcessors());
    private static volatile ForkJoinPool pool = newPool(threads);

    private Parallel() {}

    /** A body run over a range [start, end) of loop indices. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    public static int threads() {
        return threads;
    }

    /** Sets the number of CPU threads kernels use (1 = single-threaded). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n == threads) return;
        ForkJoinPool old = pool;
        pool = newPool(n);
        threads = n;
        old.shutdown();
    }

    /**
     * Runs body over [0, n) split into at most threads() contiguous chunks of at least grain
     * indices each; returns when all chunks are done. Small loops run inline.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int t = threads;
        int chunks = (int) Math.min(t, (n + (long) Math.max(grain, 1) - 1) / Math.max(grain, 1));
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        if (ForkJoinTask.inForkJoinPool()) { // inline, but over the same chunks (see the determinism rule)
            for (int c = 0; c < chunks; c++) body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
            return;
        }
        pool.invoke(ForkJoinTask.adapt(() -> {
            ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks];
            for (int c = 1; c < chunks; c++) {
                int s = (int) ((long) n * c / chunks), e = (int) ((long) n * (c + 1) / chunks);
                tasks[c] = ForkJoinTask.adapt(() -> body.run(s, e)).fork();
            }
            body.run(0, (int) ((long) n / chunks)); // chunk 0 on the calling thread
            for (int c = chunks - 1; c >= 1; c--) tasks[c].join();
        }));
    }

    /** Runs body(i) for each i in [0, n) in parallel, one index per task (for coarse work items). */
    public static void forEach(int n, java.util.function.IntConsumer body) {
        forRange(n, 1, (s, e) -> {
            for (int i = s; i < e; i++) body.accept(i);
        });
    }

    private static ForkJoinPool newPool(int n) {
        return new ForkJoinPool(n, pool -> {
            var w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            w.setName("aedmae-cpu-" + w.getPoolIndex());
            w.setDaemon(true);
            return w;
        }, null, false);
    }
}
