package aedmae.datasets.loader;

import aedmae.datasets.DatasetException;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The batches of one pass (a training epoch or a test run), assembled in the background: up to
 * {@code prefetch} batches are being built on the loader's threads while the consumer works on
 * the current one, so decoding overlaps compute and memory holds at most prefetch + 1 batches.
 * Batches come out in order; their content does not depend on thread timing. Use once, in a
 * for-each loop or with try-with-resources; {@link #close()} stops the work still queued.
 */
public final class BatchStream implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {
    private final int count;
    private final IntFunction<Batch> make;
    private final ExecutorService pool;
    private final int prefetch;
    private final ArrayDeque<Future<Batch>> ahead = new ArrayDeque<>();
    private int submitted, delivered;
    private boolean closed;

    BatchStream(int first, int count, IntFunction<Batch> make, ExecutorService pool, int prefetch) {
        this.count = count;
        this.make = make;
        this.pool = pool;
        this.prefetch = prefetch;
        this.submitted = first;
        this.delivered = first;
        fill();
    }

    /** Batches in the whole pass (including any skipped at the start). */
    public int size() {
        return count;
    }

    /** Index of the next batch to be returned. */
    public int position() {
        return delivered;
    }

    private void fill() {
        while (!closed && submitted < count && ahead.size() < prefetch) {
            int b = submitted++;
            ahead.add(pool.submit(() -> make.apply(b)));
        }
    }

    @Override
    public boolean hasNext() {
        return !closed && delivered < count;
    }

    @Override
    public Batch next() {
        if (!hasNext()) throw new NoSuchElementException();
        Future<Batch> f = ahead.poll();
        try {
            Batch b = f.get();
            delivered++;
            fill();
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CancellationException("interrupted while waiting for a batch");
        } catch (ExecutionException e) {
            close();
            Throwable c = e.getCause();
            if (c instanceof DatasetException d) throw d;
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException("batch " + delivered + " failed", c);
        }
    }

    @Override
    public Iterator<Batch> iterator() {
        return this;
    }

    /** Drops the batches queued ahead (without interrupting: interrupts would close shared file channels). */
    @Override
    public void close() {
        closed = true;
        for (Future<Batch> f : ahead) f.cancel(false);
        ahead.clear();
    }
}
