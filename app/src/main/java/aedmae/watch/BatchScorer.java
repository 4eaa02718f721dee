package aedmae.watch;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The scoring thread: takes waiting frames from all cameras, round robin, into one batch that goes
 * to the model when it is full or {@code timeoutMs} after its first frame, whichever comes first;
 * frames of cameras with different models go to their own model. Each camera's maps then go
 * through its {@link CausalScorer} in order.
 */
final class BatchScorer implements AutoCloseable {
    private final Supplier<List<WatchedCamera>> cameras;
    private final Object signal;
    private final int batch, timeoutMs;
    private final Thread thread;
    private final java.util.function.Consumer<String> log;
    private volatile boolean stopping;
    private int next; // round-robin start

    BatchScorer(Supplier<List<WatchedCamera>> cameras, Object signal, int batch, int timeoutMs, java.util.function.Consumer<String> log) {
        this.cameras = cameras;
        this.signal = signal;
        this.batch = batch;
        this.timeoutMs = timeoutMs;
        this.log = log;
        this.thread = new Thread(this::run, "scorer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private record Item(WatchedCamera camera, LiveFrame frame) {}

    private void run() {
        while (!stopping) {
            try {
                List<Item> items = collect();
                if (!items.isEmpty()) score(items);
            } catch (InterruptedException e) {
                if (stopping) break;
            } catch (RuntimeException e) {
                log.accept("scorer: " + e); // one bad batch does not stop the watcher
            }
        }
    }

    private List<Item> collect() throws InterruptedException {
        List<Item> items = new ArrayList<>(batch);
        long deadline = Long.MAX_VALUE;
        while (items.size() < batch && !stopping) {
            int before = items.size();
            List<WatchedCamera> cams = cameras.get();
            for (int k = 0; k < cams.size() && items.size() < batch; k++) {
                WatchedCamera c = cams.get((next + k) % cams.size());
                LiveFrame f = c.pending.poll();
                if (f != null) items.add(new Item(c, f));
            }
            next++;
            if (!items.isEmpty() && deadline == Long.MAX_VALUE) deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            if (items.size() > before) continue; // take more while there are frames
            long waitMs = items.isEmpty() ? 100 : (deadline - System.nanoTime()) / 1_000_000;
            if (waitMs <= 0) break;
            synchronized (signal) {
                if (!anyWaiting(cams)) signal.wait(waitMs);
            }
        }
        return items;
    }

    private static boolean anyWaiting(List<WatchedCamera> cams) {
        for (WatchedCamera c : cams) if (c.pending.size() > 0) return true;
        return false;
    }

    private static void score(List<Item> items) {
        Map<MapScorer, List<Item>> byModel = new IdentityHashMap<>();
        for (Item i : items) byModel.computeIfAbsent(i.camera().scorer, m -> new ArrayList<>()).add(i);
        for (var e : byModel.entrySet()) {
            List<Item> group = e.getValue();
            float[][] maps = e.getKey().maps(group.stream().map(Item::frame).toList());
            for (int i = 0; i < maps.length; i++) {
                WatchedCamera c = group.get(i).camera();
                synchronized (c) {
                    c.causal.accept(group.get(i).frame(), maps[i]);
                }
            }
        }
    }

    /** Stops after the batch in progress. */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
