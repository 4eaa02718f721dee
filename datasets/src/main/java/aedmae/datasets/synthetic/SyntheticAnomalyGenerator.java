package aedmae.datasets.synthetic;

import aedmae.datasets.frames.FrameStore;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Makes temporally consistent pseudo-anomalies with exact pixel masks for training samples
 * (paper Sec. 3, "Synthetic anomalies", Fig. 3). UBnormal's annotated events are not available
 * here, so by default objects come from the training data itself and are made abnormal by how
 * they move:
 * <ul>
 *   <li><b>what</b>: a moving object (a person, a cyclist) cut from a random frame of another
 *       training video (the same video when there is only one) by {@link ForegroundObjects}'s
 *       motion-based mask; if ten tries find none, an ellipse of texture from such a frame;</li>
 *   <li><b>how it looks</b>: scaled by a random factor in [minScale, maxScale], mirrored half of
 *       the time, blended with a constant opacity in [minOpacity, maxOpacity];</li>
 *   <li><b>how it moves</b>: along a {@link Trajectory} through a random point of frame t (the
 *       whole object is inside frame t), in a random direction at an unusual speed of
 *       [minSpeed, maxSpeed] frame widths per frame, zig-zagging across that direction with
 *       probability zigzagProbability; frames t−3..t+3 show it at its positions on that path;</li>
 *   <li><b>the mask</b>: exactly the pixels pasted in frame t (see {@link PastedObject}).</li>
 * </ul>
 * With {@link SyntheticConfig#externalFolder()} set, a share of the anomalies come from that
 * folder of abnormal sequences instead ({@link ExternalAnomalySequences}). Everything is drawn
 * from the random generator passed in, so a (seed, epoch, sample) triple always gives the same
 * anomaly.
 */
public final class SyntheticAnomalyGenerator {
    private static final int TRIES = 10;

    private final FrameStore train;
    private final SyntheticConfig config;
    private final ForegroundObjects objects;
    private final ExternalAnomalySequences external;

    /**
     * @param train the training videos at model resolution (objects are cut from them)
     */
    public SyntheticAnomalyGenerator(FrameStore train, SyntheticConfig config) {
        this.train = train;
        this.config = config;
        this.objects = new ForegroundObjects(train, config.motionThreshold(), config.minObjectArea(), config.maxObjectArea());
        this.external = config.externalFolder() == null ? null : ExternalAnomalySequences.open(config.externalFolder());
    }

    public SyntheticConfig config() {
        return config;
    }

    /** The anomaly for a sample of training video targetVideo (an index into the store) at frame t. */
    public SyntheticAnomaly generate(SplittableRandom rng, int targetVideo, int t) {
        int h = train.height(), w = train.width();
        double opacity = uniform(rng, config.minOpacity(), config.maxOpacity());
        if (external != null && rng.nextDouble() < config.externalShare()) return external.pick(rng, h, w, opacity);
        int videos = train.videoCount();
        Sprite sprite = null;
        String from = null;
        for (int i = 0; i < TRIES && sprite == null; i++) {
            int v = videos > 1 ? (targetVideo + 1 + rng.nextInt(videos - 1)) % videos : targetVideo;
            int s = rng.nextInt(train.frameCount(v));
            sprite = objects.cut(rng, v, s);
            if (sprite != null) from = "object from " + train.videos().get(v).name() + " frame " + s;
            else if (i == TRIES - 1) {
                sprite = objects.ellipse(rng, v, s);
                from = "texture ellipse from " + train.videos().get(v).name() + " frame " + s + " (no moving object found)";
            }
        }
        double scale = uniform(rng, config.minScale(), config.maxScale());
        // keep the object at most 60% of the frame in each direction
        scale = Math.min(scale, Math.min(0.6 * h / sprite.height(), 0.6 * w / sprite.width()));
        sprite = sprite.scaled(scale);
        boolean flip = rng.nextBoolean();
        if (flip) sprite = sprite.flipped();
        double cx = uniform(rng, sprite.width() / 2.0, w - sprite.width() / 2.0);
        double cy = uniform(rng, sprite.height() / 2.0, h - sprite.height() / 2.0);
        double speed = uniform(rng, config.minSpeed(), config.maxSpeed()) * w;
        double angle = rng.nextDouble() * 2 * Math.PI;
        boolean zig = rng.nextDouble() < config.zigzagProbability();
        double amp = zig ? uniform(rng, 0.02, 0.05) * w : 0, period = zig ? uniform(rng, 4, 8) : 1;
        Trajectory path = new Trajectory(cx, cy, speed * Math.cos(angle), speed * Math.sin(angle), amp, period);
        String what = String.format(Locale.ROOT, "%s, scale %.2f%s, %.1f px/frame at %.0f deg%s, opacity %.2f",
                from, scale, flip ? ", mirrored" : "", speed, path.directionDegrees(),
                zig ? String.format(Locale.ROOT, ", zig-zag %.1f px / %.1f frames", amp, period) : "", opacity);
        return new PastedObject(sprite, path, opacity, h, w, what);
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return hi > lo ? lo + rng.nextDouble() * (hi - lo) : lo;
    }
}
