package aedmae.datasets.synthetic;

import java.nio.file.Path;

/**
 * Parameters of the synthetic anomaly generator (paper Sec. 3, "Synthetic anomalies"; Table 4:
 * 25% of training frames works best). Speeds and sizes are relative to the model-resolution
 * frame so one setting fits every preset.
 *
 * @param share              fraction of training samples that get an anomaly (0.25)
 * @param minSpeed           slowest object speed, in frame widths per frame (0.02: 7 px/frame at W=360,
 *                           several times a walking pedestrian)
 * @param maxSpeed           fastest object speed, in frame widths per frame (0.06)
 * @param zigzagProbability  chance that the path also zig-zags across its direction (0.3)
 * @param minScale           smallest scale applied to the cut object (0.75)
 * @param maxScale           largest scale (1.5)
 * @param minOpacity         lowest blending opacity (0.85)
 * @param maxOpacity         highest blending opacity (1.0)
 * @param motionThreshold    per-pixel difference from the video's background above which a pixel is
 *                           moving foreground, 0..255 (30)
 * @param minObjectArea      smallest object kept, as a fraction of the frame's pixels (0.001)
 * @param maxObjectArea      largest object kept, as a fraction of the frame's pixels (0.1)
 * @param externalFolder     a folder of UBnormal-style abnormal sequences (frames/ + masks/), or null
 * @param externalShare      fraction of anomalies taken from externalFolder when it is given (1.0)
 */
public record SyntheticConfig(double share, double minSpeed, double maxSpeed, double zigzagProbability,
                              double minScale, double maxScale, double minOpacity, double maxOpacity,
                              int motionThreshold, double minObjectArea, double maxObjectArea,
                              Path externalFolder, double externalShare) {
    public SyntheticConfig {
        check(share >= 0 && share <= 1, "share must be in [0, 1]");
        check(minSpeed >= 0 && maxSpeed >= minSpeed, "need 0 <= minSpeed <= maxSpeed");
        check(minScale > 0 && maxScale >= minScale, "need 0 < minScale <= maxScale");
        check(minOpacity > 0 && maxOpacity <= 1 && maxOpacity >= minOpacity, "need 0 < minOpacity <= maxOpacity <= 1");
        check(minObjectArea >= 0 && maxObjectArea > minObjectArea, "need 0 <= minObjectArea < maxObjectArea");
        check(externalShare >= 0 && externalShare <= 1, "externalShare must be in [0, 1]");
    }

    /** The defaults described above. */
    public static SyntheticConfig defaults() {
        return new SyntheticConfig(0.25, 0.02, 0.06, 0.3, 0.75, 1.5, 0.85, 1.0, 30, 0.001, 0.1, null, 1.0);
    }

    public SyntheticConfig withShare(double s) {
        return new SyntheticConfig(s, minSpeed, maxSpeed, zigzagProbability, minScale, maxScale, minOpacity, maxOpacity,
                motionThreshold, minObjectArea, maxObjectArea, externalFolder, externalShare);
    }

    public SyntheticConfig withExternalFolder(Path folder) {
        return new SyntheticConfig(share, minSpeed, maxSpeed, zigzagProbability, minScale, maxScale, minOpacity, maxOpacity,
                motionThreshold, minObjectArea, maxObjectArea, folder, externalShare);
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
