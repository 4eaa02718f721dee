package aedmae.tensor.sim;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * The simulated device's stream: one worker thread runs the enqueued kernels in order, as a CUDA
 * stream does, so the host goes on while they run. A kernel that fails is reported, naming it,
 * at the next call into the device, as a CUDA fault is; kernels enqueued before that report are
 * skipped. Unlike a CUDA context the queue then works again, so one test's fault does not fail
 * the tests after it.
 */
final class SimQueue {
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private volatile RuntimeException failure;

    SimQueue(String name) {
        Thread worker = new Thread(this::work, name);
        worker.setDaemon(true);
        worker.start();
    }

    private void work() {
        while (true) {
            Runnable r;
            try {
                r = tasks.take();
            } catch (InterruptedException e) {
                return;
            }
            r.run();
        }
    }

    /** Enqueues a kernel; returns at once. */
    void enqueue(String kernel, Runnable body) {
        checkFailure();
        tasks.add(() -> {
            if (failure != null) return;
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                failure = new IllegalStateException("sim: kernel " + kernel + " failed: " + e, e);
            }
        });
    }

    /** Enqueues work whose result the host waits for (a download, argmax): a synchronisation point. */
    <T> T await(String what, Supplier<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        tasks.add(() -> {
            if (failure != null) {
                f.completeExceptionally(failure);
                return;
            }
            try {
                f.complete(body.get());
            } catch (RuntimeException | Error e) {
                failure = new IllegalStateException("sim: " + what + " failed: " + e, e);
                f.completeExceptionally(failure);
            }
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the simulated device", e);
        } catch (ExecutionException e) {
            RuntimeException f0 = failure;
            failure = null;
            throw f0 != null ? f0 : new IllegalStateException(e.getCause());
        }
    }

    /** Waits until every kernel enqueued so far has run; reports a failed one. */
    void synchronize() {
        await("synchronize", () -> null);
    }

    private void checkFailure() {
        RuntimeException f = failure;
        if (f == null) return;
        synchronize(); // lets the skipped kernels drain, then reports and clears the failure
    }
}
