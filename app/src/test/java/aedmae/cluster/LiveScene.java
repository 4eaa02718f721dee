package aedmae.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the world in front of the cameras: what each camera sees is a function of the wall
 * clock, the same whichever node watches it, as with a live stream. A camera looks normal (score
 * 0.10 to 0.19) until the test puts an anomaly in front of it (score 0.9).
 */
final class LiveScene {

    private final Set<String> anomalous = ConcurrentHashMap.newKeySet();

    void startAnomaly(String camera) {
        anomalous.add(camera);
    }

    void endAnomaly(String camera) {
        anomalous.remove(camera);
    }

    /** The stand-in scorer: what a model would say about this camera's frame at this time. */
    double score(String camera, long frameTimeMs) {
        if (anomalous.contains(camera)) {
            return 0.9;
        }
        return 0.10 + 0.01 * Math.floorMod(camera.hashCode() * 31 + frameTimeMs / 100, 10);
    }
}
