package aedmae.datasets.synthetic;

import java.nio.file.Path;

/**
 * Parameters of the synthetic anomaly generator (paper Sec. 3, "Synthetic anomalies"; Table 4:
 * 25% of training frames works best). Speeds are fitted to the scene: multiples of the 95th
 * percentile of its own objects' speed ({@link SceneMotion}); sizes are the scene's own (objects
 * are cut from its frames and placed near the height they came from).
 *
 * @param share              fraction of training samples that get an anomaly (0.25)
 * @param minSpeedMultiple   slowest pasted object, in multiples of the scene's 95th-percentile speed (1.5);
 *                           0 switches to the constant speeds below
 * @param maxSpeedMultiple   fastest pasted object, same unit (5); drawn log-uniformly in between
 * @param minSpeed           slowest object speed when the scene's motion is not used or cannot be measured,
 *                           in frame widths per frame (0.02: 7 px/frame at W = 360)
 * @param maxSpeed           fastest such speed, frame widths per frame (0.06)
 * @param zigzagProbability  chance that the path also zig-zags across its direction (0.3)
 * @param minScale           smallest scale applied to the cut object (0.8)
 * @param maxScale           largest scale (1.25)
 * @param stretchProbability chance that the sprite is also stretched along one axis (0.3)
 * @param maxStretch         largest stretch factor (2: a walker's shape made cart- or bike-like)
 * @param temporalJumpShare  fraction of anomalies that are {@link TemporalJump}s instead of pasted objects (0.3)
 * @param minOpacity         lowest blending opacity (0.85)
 * @param maxOpacity         highest blending opacity (1.0)
 * @param motionThreshold    per-pixel difference from the video's background above which a pixel is
 *                           moving foreground, 0..255 (30)
 * @param minObjectArea      smallest object kept, as a fraction of the frame's pixels (0.001)
 * @param maxObjectArea      largest object kept, as a fraction of the frame's pixels (0.1)
 * @param externalFolder     a folder of UBnormal-style abnormal sequences (frames/ + masks/), or null
 * @param externalShare      fraction of anomalies taken from externalFolder when it is given (1.0)
 * @param spedUpShare        fraction of anomalies that are a real object of the sample's own video
 *                           sped up 2-4 times ({@link SpedUpObject}) instead of a temporal jump or a
 *                           pasted object (0: the validation's kind that training never sees)
 */
public record SyntheticConfig(double share, double minSpeedMultiple, double maxSpeedMultiple, double minSpeed, double maxSpeed,
                              double zigzagProbability, double minScale, double maxScale, double stretchProbability,
                              double maxStretch, double temporalJumpShare, double minOpacity, double maxOpacity,
                              int motionThreshold, double minObjectArea, double maxObjectArea,
                              Path externalFolder, double externalShare, double spedUpShare) {
    public SyntheticConfig {
        check(share >= 0 && share <= 1, "share must be in [0, 1]");
        check(minSpeedMultiple >= 0 && maxSpeedMultiple >= minSpeedMultiple, "need 0 <= minSpeedMultiple <= maxSpeedMultiple");
        check(minSpeed >= 0 && maxSpeed >= minSpeed, "need 0 <= minSpeed <= maxSpeed");
        check(minScale > 0 && maxScale >= minScale, "need 0 < minScale <= maxScale");
        check(stretchProbability >= 0 && stretchProbability <= 1 && maxStretch >= 1, "need stretchProbability in [0, 1] and maxStretch >= 1");
        check(temporalJumpShare >= 0 && temporalJumpShare <= 1, "temporalJumpShare must be in [0, 1]");
        check(minOpacity > 0 && maxOpacity <= 1 && maxOpacity >= minOpacity, "need 0 < minOpacity <= maxOpacity <= 1");
        check(minObjectArea >= 0 && maxObjectArea > minObjectArea, "need 0 <= minObjectArea < maxObjectArea");
        check(externalShare >= 0 && externalShare <= 1, "externalShare must be in [0, 1]");
        check(spedUpShare >= 0 && spedUpShare <= 1, "spedUpShare must be in [0, 1]");
    }

    /** The defaults described above. */
    public static SyntheticConfig defaults() {
        return new SyntheticConfig(0.25, 1.5, 5.0, 0.02, 0.06, 0.3, 0.8, 1.25, 0.3, 2.0, 0.3, 0.85, 1.0, 30, 0.001, 0.1, null, 1.0, 0);
    }

    /** The generator before it was fitted to the scene: constant speeds, scale 0.75-1.5, no stretching, no temporal jumps. */
    public static SyntheticConfig constantSpeeds() {
        return new SyntheticConfig(0.25, 0, 0, 0.02, 0.06, 0.3, 0.75, 1.5, 0, 1, 0, 0.85, 1.0, 30, 0.001, 0.1, null, 1.0, 0);
    }

    /** Whether speeds are multiples of the scene's measured motion. */
    public boolean sceneSpeeds() {
        return maxSpeedMultiple > 0;
    }

    public SyntheticConfig withShare(double s) {
        return new SyntheticConfig(s, minSpeedMultiple, maxSpeedMultiple, minSpeed, maxSpeed, zigzagProbability, minScale, maxScale,
                stretchProbability, maxStretch, temporalJumpShare, minOpacity, maxOpacity, motionThreshold, minObjectArea, maxObjectArea,
                externalFolder, externalShare, spedUpShare);
    }

    public SyntheticConfig withTemporalJumpShare(double j) {
        return new SyntheticConfig(share, minSpeedMultiple, maxSpeedMultiple, minSpeed, maxSpeed, zigzagProbability, minScale, maxScale,
                stretchProbability, maxStretch, j, minOpacity, maxOpacity, motionThreshold, minObjectArea, maxObjectArea,
                externalFolder, externalShare, spedUpShare);
    }

    public SyntheticConfig withExternalFolder(Path folder) {
        return new SyntheticConfig(share, minSpeedMultiple, maxSpeedMultiple, minSpeed, maxSpeed, zigzagProbability, minScale, maxScale,
                stretchProbability, maxStretch, temporalJumpShare, minOpacity, maxOpacity, motionThreshold, minObjectArea, maxObjectArea,
                folder, externalShare, spedUpShare);
    }

    public SyntheticConfig withSpedUpShare(double u) {
        return new SyntheticConfig(share, minSpeedMultiple, maxSpeedMultiple, minSpeed, maxSpeed, zigzagProbability, minScale, maxScale,
                stretchProbability, maxStretch, temporalJumpShare, minOpacity, maxOpacity, motionThreshold, minObjectArea, maxObjectArea,
                externalFolder, externalShare, u);
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
