package aedmae.tensor.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads of {@link Parallel#forRange} for one caller at a time: the calling thread and
 * {@code threads - 1} helper threads claim the chunks of one parallel loop (a region) together.
 * Between regions a helper spins for up to {@code spinNanos} (a model's kernels follow each other
 * within microseconds), then parks; the caller unparks only helpers that parked. So a region
 * starts without a futex wake in the common case and the caller's core works instead of waiting,
 * as ONNX Runtime's intra-op pool does. What runs a chunk varies; the cut into chunks is the
 * caller's (see {@link Parallel}'s determinism rule), so results keep their bits.
 *
 * <p>One region at a time: {@link #tryRun} returns false when another thread holds the crew (the
 * caller then takes another path); code running inside a region is told by {@link #isMember}.
 */
final class WorkerCrew {
    /** One parallel loop: chunk c covers [n*c/chunks, n*(c+1)/chunks). */
    private static final class Region {
        final int n, chunks;
        final Parallel.RangeBody body;
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        volatile Throwable error;

        Region(int n, int chunks, Parallel.RangeBody body) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
        }

        /** Claims and runs chunks until none is left. */
        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    if (error == null) body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable e) {
                    error = e;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private final Helper[] helpers;
    private final long spinNanos;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Thread owner;
    /** The current region (null between regions); a new object per region, so helpers tell them apart. */
    private volatile Region region;
    private volatile boolean shutdown;

    /** A crew of threads - 1 helpers (daemon threads named aedmae-cpu-N) that spin spinNanos before parking. */
    WorkerCrew(int threads, long spinNanos) {
        this.spinNanos = spinNanos;
        helpers = new Helper[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(i + 1);
            helpers[i].start();
        }
    }

    /** Whether the current thread is running a region of this crew (a loop it starts must run inline). */
    boolean isMember() {
        Thread t = Thread.currentThread();
        return t == owner || (t instanceof Helper h && h.crew() == this);
    }

    /**
     * Runs body over [0, n) cut into chunks, the calling thread and the helpers claiming chunks;
     * returns false (having run nothing) when another thread holds the crew. A chunk's exception is
     * rethrown here after every claimed chunk has finished.
     */
    boolean tryRun(int n, int chunks, Parallel.RangeBody body) {
        if (!busy.compareAndSet(false, true)) return false;
        Region r = new Region(n, chunks, body);
        try {
            owner = Thread.currentThread();
            region = r;
            for (Helper h : helpers) if (h.parked) LockSupport.unpark(h);
            r.work();
            // the helpers finish the chunks they claimed; spin briefly, then sleep in short naps
            long start = System.nanoTime();
            while (r.done.get() < chunks) {
                if (System.nanoTime() - start < spinNanos) Thread.onSpinWait();
                else LockSupport.parkNanos(20_000);
            }
        } finally {
            region = null;
            owner = null;
            busy.set(false);
        }
        Throwable e = r.error;
        if (e instanceof RuntimeException re) throw re;
        if (e instanceof Error er) throw er;
        if (e != null) throw new RuntimeException(e);
        return true;
    }

    /** Stops the helpers once they are between regions. */
    void shutdown() {
        shutdown = true;
        for (Helper h : helpers) LockSupport.unpark(h);
    }

    private final class Helper extends Thread {
        volatile boolean parked;

        Helper(int index) {
            super("aedmae-cpu-" + index);
            setDaemon(true);
        }

        WorkerCrew crew() {
            return WorkerCrew.this;
        }

        @Override
        public void run() {
            Region last = null;
            while (!shutdown) {
                Region r = region;
                if (r != null && r != last) {
                    last = r;
                    r.work();
                    continue;
                }
                // no new region: spin, then park (parked is set before the last look, and the
                // caller reads it after publishing a region, so a region is never missed)
                long start = System.nanoTime();
                while (!shutdown && ((r = region) == null || r == last)) {
                    if (System.nanoTime() - start < spinNanos) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (!shutdown && ((r = region) == null || r == last)) LockSupport.park(this);
                        parked = false;
                        start = System.nanoTime();
                    }
                }
            }
        }
    }
}
