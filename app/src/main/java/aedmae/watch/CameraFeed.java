package aedmae.watch;

import aedmae.datasets.image.RgbFrame;

import java.util.function.Consumer;

/**
 * Decodes one camera on its own thread: opens the source and puts each frame, once complete for the
 * model ({@link FrameWindow}), into the camera's {@link PendingFrames}. When the
 * stream drops (it ends, a read stalls for {@link FrameSource#READ_TIMEOUT_US}, or it cannot be
 * opened) the feed reconnects with exponential back-off, from 0.5 s up to 10 s; the other cameras
 * are not affected. A camera down for longer than {@code downAfterSeconds} is reported once
 * through the log until it is back.
 */
final class CameraFeed implements AutoCloseable {
    static final long MIN_BACKOFF_MS = 500, MAX_BACKOFF_MS = 10_000;

    /** What the feed is doing now. */
    enum State { CONNECTING, LIVE, DOWN, STOPPED }

    private final CameraConfig camera;
    private final PendingFrames pending;
    private final WatchMetrics metrics;
    private final Consumer<String> log;
    private final double downAfterSeconds;
    private final Thread thread;
    private volatile State state = State.CONNECTING;
    private volatile boolean stopping;
    private volatile double fps;
    private volatile String lastError;
    private volatile FrameSource source;
    private final FrameWindow window;

    CameraFeed(CameraConfig camera, int height, int width, PendingFrames pending, WatchMetrics metrics,
               double downAfterSeconds, Consumer<String> log) {
        this.camera = camera;
        this.pending = pending;
        this.metrics = metrics;
        this.downAfterSeconds = downAfterSeconds;
        this.log = log;
        this.window = new FrameWindow(camera.id(), height, width, f -> {
            if (pending.offer(f)) metrics.skipped(camera.id());
        });
        this.thread = new Thread(this::run, "camera-" + camera.id());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    CameraConfig camera() {
        return camera;
    }

    State state() {
        return state;
    }

    /** The source's frame rate once connected (0 before). */
    double fps() {
        return fps;
    }

    String lastError() {
        return lastError;
    }

    PendingFrames pending() {
        return pending;
    }

    private void run() {
        long backoff = MIN_BACKOFF_MS;
        long downSince = -1;
        boolean reportedDown = false;
        int connections = 0;
        while (!stopping) {
            state = State.CONNECTING;
            try (FrameSource s = new FrameSource(camera)) {
                source = s;
                fps = s.fps();
                if (connections++ > 0) metrics.reconnected(camera.id());
                state = State.LIVE;
                metrics.up(camera.id(), true);
                if (reportedDown) log.accept("camera " + camera.id() + " is back");
                downSince = -1;
                reportedDown = false;
                backoff = MIN_BACKOFF_MS;
                stream(s);
                if (!stopping) lastError = "stream ended";
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                lastError = e.getMessage();
            } finally {
                source = null;
            }
            if (stopping) break;
            state = State.DOWN;
            metrics.up(camera.id(), false);
            long now = System.nanoTime();
            if (downSince < 0) downSince = now;
            if (!reportedDown && (now - downSince) / 1e9 >= downAfterSeconds) {
                log.accept("camera " + camera.id() + " is down (" + lastError + "); retrying every " + MAX_BACKOFF_MS / 1000 + " s at most, the other cameras go on");
                reportedDown = true;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                break;
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
        state = State.STOPPED;
    }

    /** Reads until the stream ends or stops; the window emits frame t when t+3 has arrived, and the last ones at the end. */
    private void stream(FrameSource s) throws InterruptedException {
        RgbFrame f;
        try {
            while (!stopping && (f = s.next()) != null) {
                metrics.frameIn(camera.id());
                window.push(f);
            }
        } finally {
            if (!stopping) window.finish();
        }
    }

    /** Stops the thread and closes the source (an open network read is abandoned). */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = State.STOPPED;
    }
}
