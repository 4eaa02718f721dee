package aedmae.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Watches many cameras in one process: a decoding thread per camera, one scoring thread for all
 * of them ({@link BatchScorer}), and one dispatch thread that writes snapshots and clips and
 * hands each event to the sinks, so a slow webhook never holds up scoring. Cameras can be added
 * and removed while it runs ({@link CameraSet}). {@link #close()} shuts down cleanly: the feeds
 * stop, the frames already decoded are scored, open events are ended and sent, clips finished.
 */
public final class Watcher implements CameraSet, AutoCloseable {
    private final WatchOptions options;
    private final Function<CameraConfig, MapScorer> models;
    private final List<EventSink> sinks;
    private final Consumer<String> log;
    private final WatchMetrics metrics = new WatchMetrics();
    private final Object signal = new Object();
    private final Map<String, WatchedCamera> cameras = new ConcurrentHashMap<>();
    private final List<WatchedCamera> order = new CopyOnWriteArrayList<>();
    private final BatchScorer scorer;
    private final ThreadPoolExecutor dispatch;
    private final ClipRecorder clips;
    private volatile boolean closed;

    /**
     * @param models the scoring model of a camera (cameras sharing a model share batches)
     * @param sinks  where events go, in this order
     */
    public Watcher(WatchOptions options, Function<CameraConfig, MapScorer> models, List<EventSink> sinks, Consumer<String> log) {
        this.options = options;
        this.models = models;
        this.sinks = List.copyOf(sinks);
        this.log = log;
        this.dispatch = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "events");
            t.setDaemon(true);
            return t;
        });
        this.clips = options.clipSeconds() > 0 && options.outDir() != null
                ? new ClipRecorder(options.outDir().resolve("clips"), options.clipSeconds(), log) : null;
        this.scorer = new BatchScorer(() -> order, signal, options.batch(), options.batchTimeoutMs(), log);
        this.scorer.start();
    }

    public WatchMetrics metrics() {
        return metrics;
    }

    public WatchOptions options() {
        return options;
    }

    @Override
    public synchronized void add(CameraConfig c) throws IOException {
        add(c, null, null);
    }

    /**
     * Starts watching a camera that comes with work begun elsewhere (a cluster node taking a camera
     * over from another): {@code openEvent}, when not null, is the start message of an event still
     * open, which this camera's detector continues instead of starting a new one; {@code scores},
     * when not null, receives each final frame score.
     */
    public synchronized void add(CameraConfig c, AnomalyEvent openEvent, Consumer<CausalScorer.Scored> scores) throws IOException {
        if (closed) throw new IllegalStateException("the watcher is closed");
        if (cameras.containsKey(c.id())) throw new IllegalArgumentException("camera " + c.id() + " is already watched");
        MapScorer m = models.apply(c);
        metrics.register(c.id());
        double fps = c.fps() > 0 ? c.fps() : FrameSource.DEFAULT_FPS;
        Hysteresis fixed = WatchedCamera.fixedThreshold(c, options, fps);
        ThresholdCalibration.Result cal = null;
        if (fixed == null && c.calibration() != null) {
            cal = calibrate(c, m, fps);
            fixed = cal.hysteresis();
            log.accept(cal.describe(c.id(), options.falseAlarmsPerHour()));
        } else if (fixed == null) {
            log.accept("camera " + c.id() + ": no threshold given; the first " + c.calibrationSeconds() + " s of its stream calibrate it (assumed normal)");
        }
        WatchedCamera w = new WatchedCamera(c, m, fixed, cal, options, metrics, signal, (e, s) -> event(c.id(), e, s),
                s -> {
                    if (clips != null) clips.frame(c.id(), fpsOf(c.id()), s.frame().original());
                    if (scores != null) scores.accept(s);
                }, log);
        if (openEvent != null) w.detector.resume(openEvent);
        cameras.put(c.id(), w);
        order.add(w);
        metrics.up(c.id(), false);
        w.feed.start();
        log.accept(String.format("camera %s: %s; scores final %d frames after arrival (%.2f s at %.0f fps) plus scoring time",
                c.id(), c.url(), w.causal.latencyFrames(), w.causal.latencyFrames() / fps, fps));
    }

    /** The threshold from normal video, scored through the same pipeline as the live stream. */
    private ThresholdCalibration.Result calibrate(CameraConfig c, MapScorer m, double fps) throws IOException {
        List<double[]> runs = new ArrayList<>();
        var p = m.preset();
        for (Path v : Replay.videos(c.calibration())) {
            List<Double> scores = new ArrayList<>();
            CausalScorer causal = new CausalScorer(m.options().scoring(), options.lookAhead(), p.height(), p.width(), null, s -> scores.add(s.score()));
            try (var reader = Replay.open(v)) {
                Replay.run(reader, c.id(), m, options.batch(), causal, null);
            }
            runs.add(scores.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return ThresholdCalibration.calibrate(runs, fps, options.falseAlarmsPerHour(), options.band(), WatchedCamera.endFrames(options, fps), options.margin());
    }

    @Override
    public synchronized boolean remove(String id) {
        WatchedCamera w = cameras.remove(id);
        if (w == null) return false;
        w.feed.close();
        order.remove(w);
        synchronized (w) {
            w.detector.close();
        }
        metrics.up(id, false);
        return true;
    }

    @Override
    public List<String> ids() {
        return order.stream().map(w -> w.config.id()).toList();
    }

    private double fpsOf(String id) {
        WatchedCamera w = cameras.get(id);
        return w == null ? FrameSource.DEFAULT_FPS : w.assumedFps();
    }

    WatchedCamera camera(String id) {
        return cameras.get(id);
    }

    List<WatchedCamera> cameras() {
        return List.copyOf(order);
    }

    /** An event message from a camera's detector (scoring thread): snapshot, clip, sinks on the dispatch thread. */
    private void event(String camera, AnomalyEvent e, CausalScorer.Scored s) {
        if (e.phase().equals("start")) metrics.eventStarted(camera);
        WatchedCamera w = cameras.get(camera);
        var p = w == null ? null : w.scorer.preset();
        String clip = clips == null ? null : clips.onEvent(e, w);
        try {
            dispatch.execute(() -> {
                AnomalyEvent out = e;
                if (options.outDir() != null && p != null && !e.phase().equals("update")) {
                    Path snap = options.outDir().resolve("snapshots").resolve(e.id() + "-" + e.phase() + ".png");
                    try {
                        SnapshotWriter.write(snap, s, p.height(), p.width());
                        out = e.withMedia(snap.toString(), clip);
                    } catch (IOException ex) {
                        log.accept("snapshot " + snap + ": " + ex.getMessage());
                    }
                } else if (clip != null) {
                    out = e.withMedia(null, clip);
                }
                if (w != null) w.remember(out);
                for (EventSink sink : sinks) {
                    try {
                        sink.accept(out);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception ex) {
                        log.accept("event sink " + sink.getClass().getSimpleName() + ": " + ex.getMessage());
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            log.accept("event " + e.id() + " " + e.phase() + " dropped: the event queue is full");
        }
    }

    /** Clean shutdown: stop decoding, score what was decoded, end open events, deliver them, finish clips. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (WatchedCamera w : order) w.feed.close();
        // the scorer takes what is still waiting, then stops
        long until = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < until && order.stream().anyMatch(w -> w.pending.size() > 0)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        scorer.close();
        for (WatchedCamera w : order) {
            synchronized (w) {
                w.causal.finish();
                w.detector.close();
            }
            metrics.up(w.config.id(), false);
        }
        dispatch.shutdown();
        try {
            if (!dispatch.awaitTermination(30, TimeUnit.SECONDS)) log.accept("events still being delivered after 30 s were abandoned");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (clips != null) clips.close();
        for (EventSink s : sinks) {
            try {
                s.close();
            } catch (Exception e) {
                log.accept("closing event sink: " + e.getMessage());
            }
        }
    }
}
