package aedmae.watch;

import java.nio.file.Path;

/**
 * One camera as declared in the config file or on the command line.
 *
 * @param id                 a short name, unique in the process ("gate-1")
 * @param url                what FFmpeg opens: rtsp://, http://, udp://, tcp://, a video file
 *                           (played at its own frame rate), a frame folder, or a device (/dev/video0)
 * @param format             FFmpeg input format for devices ("v4l2"), else null
 * @param fps                frame rate for frame folders and files without one (0 = from the source, else 25)
 * @param loop               replay files and frame folders from the start when they end (a test camera)
 * @param mask               region mask image (white = watched), or null for the whole frame
 * @param threshold          fixed event threshold, or NaN to calibrate
 * @param calibration        normal video (file or frame folder, or a folder of them) to calibrate on, or null
 * @param calibrationSeconds with no threshold and no calibration video: the first seconds of the live
 *                           stream are taken as normal and calibrate the threshold
 * @param checkpoint         this camera's model checkpoint, or null for the watcher's
 * @param preset             the preset of that checkpoint, or null for the watcher's
 */
public record CameraConfig(String id, String url, String format, double fps, boolean loop, Path mask,
                           double threshold, Path calibration, double calibrationSeconds, Path checkpoint, String preset) {
    public CameraConfig {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("a camera needs an id");
        if (!id.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("camera id '" + id + "': use letters, digits, '.', '_' and '-' only");
        if (url == null || url.isBlank()) throw new IllegalArgumentException("camera " + id + " needs a url");
        if (fps < 0) throw new IllegalArgumentException("camera " + id + ": fps must be >= 0, got " + fps);
    }

    /** A camera with defaults: no mask, calibrate on the first 20 seconds. */
    public static CameraConfig of(String id, String url) {
        return new CameraConfig(id, url, null, 0, false, null, Double.NaN, null, 20, null, null);
    }

    public CameraConfig withThreshold(double t) {
        return new CameraConfig(id, url, format, fps, loop, mask, t, calibration, calibrationSeconds, checkpoint, preset);
    }

    public CameraConfig withCalibration(Path normalVideo) {
        return new CameraConfig(id, url, format, fps, loop, mask, threshold, normalVideo, calibrationSeconds, checkpoint, preset);
    }

    public CameraConfig withLoop(boolean l) {
        return new CameraConfig(id, url, format, fps, l, mask, threshold, calibration, calibrationSeconds, checkpoint, preset);
    }

    public CameraConfig withFps(double f) {
        return new CameraConfig(id, url, format, f, loop, mask, threshold, calibration, calibrationSeconds, checkpoint, preset);
    }
}
