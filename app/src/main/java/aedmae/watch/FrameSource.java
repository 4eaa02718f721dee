package aedmae.watch;

import aedmae.datasets.FrameFolder;
import aedmae.datasets.image.FrameReader;
import aedmae.datasets.image.RgbFrame;
import aedmae.datasets.image.VideoDecoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens a camera's URL and hands out its frames as they come: a network stream or device at the
 * rate it sends them, a video file or a frame folder paced to its frame rate (as if it were live),
 * replayed from the start when {@link CameraConfig#loop()} is set. Blocks in {@link #next()}.
 */
final class FrameSource implements AutoCloseable {
    /** Frames per second assumed for frame folders and files that do not say. */
    static final double DEFAULT_FPS = 25;
    /** A network read that stalls this long counts as a dropped stream (microseconds, FFmpeg's unit). */
    static final String READ_TIMEOUT_US = "5000000";

    private final CameraConfig camera;
    private final boolean paced;
    private FrameReader reader;
    private double fps;
    private long startNanos, served;

    FrameSource(CameraConfig camera) {
        this.camera = camera;
        this.paced = isRecording(camera);
        open();
    }

    /** A file or frame folder: played at its own rate rather than as fast as it decodes. */
    static boolean isRecording(CameraConfig c) {
        if (c.format() != null || c.url().contains("://")) return false;
        Path p = Path.of(c.url());
        return Files.isDirectory(p) || (Files.isRegularFile(p) && VideoDecoder.isVideo(p));
    }

    private void open() {
        String url = camera.url();
        Path p = url.contains("://") ? null : Path.of(url);
        if (p != null && Files.isDirectory(p)) {
            reader = FrameFolder.list(p).open();
            fps = camera.fps() > 0 ? camera.fps() : DEFAULT_FPS;
        } else {
            VideoDecoder d = p != null && Files.isRegularFile(p) && camera.format() == null ? new VideoDecoder(p)
                    : VideoDecoder.open(url, camera.format(), Map.of("rw_timeout", READ_TIMEOUT_US, "timeout", READ_TIMEOUT_US));
            reader = d;
            fps = camera.fps() > 0 ? camera.fps() : d.frameRate() > 0 ? d.frameRate() : DEFAULT_FPS;
        }
        startNanos = System.nanoTime();
        served = 0;
    }

    /** The source's frame rate (declared, from the container, or {@link #DEFAULT_FPS}). */
    double fps() {
        return fps;
    }

    /** The next frame, or null when the stream ended (a live stream that ends has dropped). */
    RgbFrame next() throws InterruptedException {
        RgbFrame f = reader.next();
        if (f == null && paced && camera.loop()) {
            reader.close();
            open();
            f = reader.next();
        }
        if (f != null && paced) {
            long due = startNanos + (long) (served * 1e9 / fps);
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        served++;
        return f;
    }

    @Override
    public void close() {
        if (reader != null) reader.close();
        reader = null;
    }
}
