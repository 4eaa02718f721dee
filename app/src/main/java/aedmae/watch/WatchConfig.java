package aedmae.watch;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The config file of {@code aedmae watch} (JSON). Relative paths are relative to the file's folder.
 * <pre>
 * {
 *   "checkpoint": "demo-model.safetensors", "preset": "demo",
 *   "weights": [0.4, 0.3, 0.3], "temporalSigma": 2,
 *   "out": "../runs/watch", "webhook": "http://127.0.0.1:8088/events", "port": 9400,
 *   "cameras": [
 *     {"id": "gate", "url": "http://127.0.0.1:8081/live.ts", "calibration": "demo-normal.mp4"},
 *     {"id": "hall", "url": "rtsp://10.0.0.7/stream1", "threshold": 0.8, "mask": "hall-mask.png"},
 *     {"id": "desk", "url": "/dev/video0", "format": "v4l2", "calibrationSeconds": 60}
 *   ]
 * }
 * </pre>
 * Fields of the top level other than cameras may be overridden by command-line flags.
 */
public final class WatchConfig {
    /** One camera entry as written in the file. */
    public static final class Camera {
        public String id, url, format, mask, calibration, checkpoint, preset;
        public Double fps, threshold, calibrationSeconds;
        public Boolean loop;
    }

    public String checkpoint, preset, out, webhook, host;
    public double[] weights;
    public Double temporalSigma, falseAlarmsPerHour;
    public Integer port, passes, lookAhead, batch;
    public Boolean noHead;
    public List<Camera> cameras = new ArrayList<>();
    /** The folder the file is in (not in the JSON). */
    public transient Path base = Path.of(".");

    public static WatchConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such config file");
        WatchConfig c;
        try {
            c = new Gson().fromJson(Files.readString(file), WatchConfig.class);
        } catch (JsonParseException e) {
            throw new IOException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (c == null) throw new IOException(file + ": empty config");
        if (c.cameras == null) c.cameras = new ArrayList<>();
        c.base = file.toAbsolutePath().getParent();
        for (int i = 0; i < c.cameras.size(); i++) {
            Camera cam = c.cameras.get(i);
            if (cam == null || cam.id == null || cam.url == null) throw new IOException(file + ": camera " + (i + 1) + " needs an \"id\" and a \"url\"");
        }
        return c;
    }

    /** A path of the file, resolved against its folder; null stays null. */
    public Path resolve(String p) {
        return p == null ? null : base.resolve(p).normalize();
    }

    /** The cameras as configs (URLs that are local paths resolved against the file's folder). */
    public List<CameraConfig> cameraConfigs() {
        List<CameraConfig> out = new ArrayList<>();
        for (Camera c : cameras) {
            String url = c.url.contains("://") || c.format != null ? c.url : resolve(c.url).toString();
            out.add(new CameraConfig(c.id, url, c.format, c.fps == null ? 0 : c.fps, c.loop != null && c.loop, resolve(c.mask),
                    c.threshold == null ? Double.NaN : c.threshold, resolve(c.calibration),
                    c.calibrationSeconds == null ? 20 : c.calibrationSeconds, resolve(c.checkpoint), c.preset));
        }
        return out;
    }
}
