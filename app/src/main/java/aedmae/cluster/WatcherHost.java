package aedmae.cluster;

import java.io.IOException;
import java.nio.file.Path;

import aedmae.watch.AnomalyEvent;
import aedmae.watch.CameraConfig;
import aedmae.watch.WatchConfig;
import aedmae.watch.Watcher;

/**
 * {@link aedmae.watch.Watcher} as a scorer node's {@link CameraHost}: a camera's config in the
 * {@code cameras} topic is one camera entry of the watch config file (its id the record key).
 */
public final class WatcherHost implements CameraHost {

    private final Watcher watcher;
    private final Path base;

    /**
     * @param base the folder that relative paths in camera configs (masks, calibration video) are
     *     resolved against on this node
     */
    public WatcherHost(Watcher watcher, Path base) {
        this.watcher = watcher;
        this.base = base;
    }

    @Override
    public void open(String cameraId, String configJson, AnomalyEvent openEvent, FrameScoreListener scores)
            throws IOException {
        watcher.add(cameraConfig(cameraId, configJson, base), openEvent,
                s -> scores.onFrame(s.frame().epochMillis(), s.score()));
    }

    @Override
    public void close(String cameraId) {
        watcher.remove(cameraId);
    }

    /** A camera entry of the watch config file, given as JSON, with its id from the record key. */
    static CameraConfig cameraConfig(String cameraId, String configJson, Path base) {
        WatchConfig single = new WatchConfig();
        single.base = base;
        WatchConfig.Camera entry = ClusterJson.read(configJson, WatchConfig.Camera.class);
        entry.id = cameraId;
        if (entry.url == null) {
            throw new IllegalArgumentException("camera " + cameraId + ": its config has no \"url\": " + configJson);
        }
        single.cameras.add(entry);
        return single.cameraConfigs().get(0);
    }
}
