package aedmae.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CPU backend's threads and its one parallel loop. A loop runs on a {@link WorkerCrew}: the
 * calling thread and {@link #threads()} - 1 helpers that spin briefly between loops before
 * parking (the hand-off costs no futex wake while kernels follow each other). When another thread
 * holds the crew, a loop runs on a fork-join pool of {@link #threads()} workers instead (the
 * earlier hand-off; {@code -Daedmae.crew=false} uses it for every loop, for comparison). A loop
 * started from inside a loop (a kernel called by a kernel) runs inline, so nested parallelism never
 * oversubscribes the cores.
 *
 * <p><b>Determinism rule</b> (same seed + same thread count = the same bits): the partition of
 * work is a fixed function of (n, grain, threads) and nothing else, never of timing or of the
 * calling thread. Chunk c always covers [n*c/chunks, n*(c+1)/chunks). Workers may claim chunks in
 * any order, so a body must compute each chunk from its range alone (no per-worker state carried
 * from one chunk to the next); a kernel that reduces across chunks keeps one partial result per
 * chunk (or per fixed sub-range) and combines them in index order. Inline runs (nested, or from
 * another pool such as the loader's) walk the same chunks in order.
 */
public final class Parallel {
    private static volatile int threads = Integer.getInteger("aedmae.threads", Runtime.getRuntime().availableProcessors());
    private static volatile ForkJoinPool pool = newPool(threads);
    /** Whether loops run on the crew (else always on the fork-join pool). */
    private static final boolean CREW = !"false".equals(System.getProperty("aedmae.crew"));
    /** How long a crew thread spins for the next loop before parking (-Daedmae.spinMicros; 0 parks at once). */
    private static final long SPIN_NANOS = 1000L * Math.max(0, Integer.getInteger("aedmae.spinMicros", 50));
    private static volatile WorkerCrew crew = CREW ? new WorkerCrew(threads, SPIN_NANOS) : null;

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
        WorkerCrew oldCrew = crew;
        pool = newPool(n);
        crew = CREW ? new WorkerCrew(n, SPIN_NANOS) : null;
        threads = n;
        old.shutdown();
        if (oldCrew != null) oldCrew.shutdown();
    }

    /**
     * Chunks per thread in {@link #forRange}: the range is cut into up to threads() x this many
     * chunks, and the workers claim chunks until none is left, so a worker that loses its core
     * for a while (CPU steal, a neighbour's burst) holds up only its current chunk instead of a
     * whole 1/threads() share. 1 is the plain static split (its twin, for comparison).
     */
    private static final int CHUNKS_PER_THREAD = Math.max(1, Integer.getInteger("aedmae.chunksPerThread", 4));

    /**
     * Runs body over [0, n) cut into contiguous chunks of at least grain indices (at most
     * threads() x {@link #CHUNKS_PER_THREAD}); returns when all chunks are done. Small loops run
     * inline. The cut depends only on n, grain and threads(), never on timing: which worker runs a
     * chunk varies, what a chunk computes does not, so results are the same bytes every run.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int t = threads;
        int chunks = chunks(n, grain, t);
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        WorkerCrew k = crew;
        if (ForkJoinTask.inForkJoinPool() || (k != null && k.isMember())) { // inline, but over the same chunks (see the determinism rule)
            for (int c = 0; c < chunks; c++) body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
            return;
        }
        if (k != null && k.tryRun(n, chunks, body)) return;
        int workers = Math.min(t, chunks);
        AtomicInteger next = new AtomicInteger();
        Runnable claim = () -> {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
            }
        };
        pool.invoke(ForkJoinTask.adapt(() -> {
            ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[workers];
            for (int w = 1; w < workers; w++) tasks[w] = ForkJoinTask.adapt(claim).fork();
            claim.run();
            for (int w = workers - 1; w >= 1; w--) tasks[w].join();
        }));
    }

    /** How many chunks {@link #forRange} cuts [0, n) into with this grain and t threads. */
    private static int chunks(int n, int grain, int t) {
        long pieces = (n + (long) Math.max(grain, 1) - 1) / Math.max(grain, 1);
        return (int) Math.min((long) t * CHUNKS_PER_THREAD, pieces);
    }

    /**
     * Whether every chunk {@link #forRange}(n, grain, ...) runs now has a length that is a multiple
     * of unit (so a kernel that handles chunks in vectors of unit has no scalar tails).
     */
    static boolean chunksAreMultiplesOf(int n, int grain, int unit) {
        int chunks = Math.max(1, chunks(n, grain, threads));
        for (int c = 0; c < chunks; c++) {
            long len = (long) n * (c + 1) / chunks - (long) n * c / chunks;
            if (len % unit != 0) return false;
        }
        return true;
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
