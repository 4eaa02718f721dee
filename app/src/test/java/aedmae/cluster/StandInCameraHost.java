package aedmae.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CameraHost} standing in for the live pipeline: every open camera delivers a frame score
 * at its frame rate, from the {@link LiveScene}, on one scoring thread per host (per node).
 */
final class StandInCameraHost implements CameraHost, AutoCloseable {

    private final String node;
    private final LiveScene scene;
    private final OwnershipLog log;
    private final long frameIntervalMs;
    private final ScheduledExecutorService scorer;
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();

    private static final class Camera {
        final FrameScoreListener listener;
        ScheduledFuture<?> ticks;
        boolean active = true;

        Camera(FrameScoreListener listener) {
            this.listener = listener;
        }
    }

    StandInCameraHost(String node, LiveScene scene, OwnershipLog log, int fps) {
        this.node = node;
        this.scene = scene;
        this.log = log;
        this.frameIntervalMs = 1000 / fps;
        this.scorer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stand-in-scorer-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void open(String cameraId, String configJson, FrameScoreListener scores) {
        Camera c = new Camera(scores);
        if (cameras.putIfAbsent(cameraId, c) != null) {
            throw new IllegalStateException(cameraId + " opened twice on " + node);
        }
        log.opened(cameraId, node);
        c.ticks = scorer.scheduleAtFixedRate(() -> {
            synchronized (c) {
                if (c.active) {
                    long now = System.currentTimeMillis();
                    c.listener.onFrame(now, scene.score(cameraId, now));
                }
            }
        }, 0, frameIntervalMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close(String cameraId) {
        Camera c = cameras.remove(cameraId);
        if (c == null) {
            return;
        }
        synchronized (c) {
            c.active = false; // no frame after this returns
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
