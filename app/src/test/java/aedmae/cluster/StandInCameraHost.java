package aedmae.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import aedmae.datasets.image.RgbFrame;
import aedmae.watch.AnomalyEvent;
import aedmae.watch.CausalScorer;
import aedmae.watch.EventDetector;
import aedmae.watch.EventSink;
import aedmae.watch.Hysteresis;
import aedmae.watch.LiveFrame;

/**
 * A {@link CameraHost} standing in for the watcher with a stand-in scorer: every open camera
 * delivers a frame at its frame rate, scored from the {@link LiveScene}, on one scoring thread per
 * host (per node). Events come from the watcher's own {@link EventDetector}, as on a real node.
 */
final class StandInCameraHost implements CameraHost, AutoCloseable {

    private static final int MAP = 2; // a 2×2 anomaly map, a 2×2 frame: the detector's box needs them

    private final String node;
    private final LiveScene scene;
    private final OwnershipLog log;
    private final EventSink events;
    private final long frameIntervalMs;
    private final ScheduledExecutorService scorer;
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();

    private static final class Camera {
        final FrameScoreListener listener;
        final EventDetector detector;
        ScheduledFuture<?> ticks;
        long frame;
        boolean active = true;

        Camera(FrameScoreListener listener, EventDetector detector) {
            this.listener = listener;
            this.detector = detector;
        }
    }

    StandInCameraHost(String node, LiveScene scene, OwnershipLog log, EventSink events, int fps) {
        this.node = node;
        this.scene = scene;
        this.log = log;
        this.events = events;
        this.frameIntervalMs = 1000 / fps;
        this.scorer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stand-in-scorer-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void open(String cameraId, String configJson, AnomalyEvent openEvent, FrameScoreListener scores) {
        // the watcher's fixed-threshold hysteresis: end after 3 frames below
        EventDetector detector = new EventDetector(cameraId, new Hysteresis(0.5, 0.5, 3), MAP, MAP, 1_000, (e, s) -> {
            try {
                events.accept(e);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        if (openEvent != null) {
            detector.resume(openEvent);
        }
        Camera c = new Camera(scores, detector);
        if (cameras.putIfAbsent(cameraId, c) != null) {
            throw new IllegalStateException(cameraId + " opened twice on " + node);
        }
        log.opened(cameraId, node);
        c.ticks = scorer.scheduleAtFixedRate(() -> {
            synchronized (c) {
                if (c.active) {
                    long now = System.currentTimeMillis();
                    double score = scene.score(cameraId, now);
                    LiveFrame f = new LiveFrame(cameraId, c.frame++, System.nanoTime(), now, null, null, null,
                            new RgbFrame(MAP, MAP, new byte[3 * MAP * MAP]), false);
                    c.detector.accept(new CausalScorer.Scored(f, score, new float[] {0, 0, 0, (float) score}));
                    c.listener.onFrame(now, score);
                }
            }
        }, 0, frameIntervalMs, TimeUnit.MILLISECONDS);
    }

    /** As the watcher does: the feed stops, and the detector ends an open event. */
    @Override
    public void close(String cameraId) {
        Camera c = cameras.remove(cameraId);
        if (c == null) {
            return;
        }
        synchronized (c) {
            c.active = false; // no frame after this returns
            c.detector.close();
        }
        c.ticks.cancel(false);
        log.closed(cameraId, node);
    }

    @Override
    public void close() {
        cameras.keySet().forEach(this::close);
        scorer.shutdownNow();
    }
}
