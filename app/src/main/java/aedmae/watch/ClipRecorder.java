package aedmae.watch;

import aedmae.datasets.image.RgbFrame;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Event clips: each camera keeps its last {@code seconds} of scored frames; an event's start opens
 * an H.264 clip ({@link ClipWriter}) with them, the event's frames follow, and the clip closes
 * {@code seconds} after the event's end. Memory per camera: seconds × fps frames. Called from the
 * scoring thread ({@link #frame}, {@link #onEvent}); {@link #close()} finishes open clips.
 */
final class ClipRecorder implements AutoCloseable {
    private final Path dir;
    private final double seconds;
    private final Consumer<String> log;
    private final Map<String, State> cameras = new ConcurrentHashMap<>();

    private static final class State {
        final ArrayDeque<RgbFrame> before = new ArrayDeque<>();
        ClipWriter writer;
        String path;
        long postLeft = -1; // frames still to write after the event's end; -1 while it lasts
    }

    ClipRecorder(Path dir, double seconds, Consumer<String> log) {
        this.dir = dir;
        this.seconds = seconds;
        this.log = log;
    }

    /** Every scored frame of a camera, in order. */
    void frame(String camera, double fps, RgbFrame f) {
        State s = cameras.computeIfAbsent(camera, c -> new State());
        synchronized (s) {
            if (s.writer != null) {
                try {
                    s.writer.write(f);
                    if (s.postLeft >= 0 && --s.postLeft <= 0) finish(s);
                } catch (IOException | RuntimeException e) {
                    log.accept("clip " + s.path + ": " + e.getMessage());
                    abandon(s);
                }
                return;
            }
            s.before.addLast(f);
            while (s.before.size() > Math.max(1, Math.round(seconds * fps))) s.before.removeFirst();
        }
    }

    /** An event message; returns the clip's path (start and end), or null. */
    String onEvent(AnomalyEvent e, WatchedCamera w) {
        if (w == null) return null;
        State s = cameras.computeIfAbsent(e.camera(), c -> new State());
        synchronized (s) {
            if (e.phase().equals("start")) {
                if (s.writer != null) finish(s);
                RgbFrame first = s.before.isEmpty() ? null : s.before.peekFirst();
                Path file = dir.resolve(e.id() + ".mp4");
                try {
                    RgbFrame size = first != null ? first : null;
                    if (size == null) return null;
                    s.writer = new ClipWriter(file, size.height(), size.width(), w.assumedFps());
                    s.path = file.toString();
                    s.postLeft = -1;
                    for (RgbFrame f : s.before) s.writer.write(f);
                    s.before.clear();
                } catch (IOException | RuntimeException ex) {
                    log.accept("clip " + file + ": " + ex.getMessage());
                    abandon(s);
                    return null;
                }
            } else if (e.phase().equals("end") && s.writer != null) {
                s.postLeft = Math.max(1, Math.round(seconds * w.assumedFps()));
            }
            return s.path;
        }
    }

    private void finish(State s) {
        try {
            s.writer.close();
        } catch (IOException e) {
            log.accept("clip " + s.path + ": " + e.getMessage());
        }
        s.writer = null;
        s.path = null;
        s.postLeft = -1;
    }

    private void abandon(State s) {
        try {
            if (s.writer != null) s.writer.close();
        } catch (IOException | RuntimeException ignored) {
            // the clip is incomplete either way; it stays a .part file
        }
        s.writer = null;
        s.path = null;
    }

    /** Finishes every open clip. */
    @Override
    public void close() {
        for (State s : cameras.values()) {
            synchronized (s) {
                if (s.writer != null) finish(s);
            }
        }
    }
}
