package aedmae.datasets.synthetic;

import aedmae.datasets.frames.FrameStore;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Makes temporally consistent pseudo-anomalies with exact pixel masks for training samples
 * (paper Sec. 3, "Synthetic anomalies", Fig. 3), fitted to the scene. UBnormal's annotated events
 * are not available here, so by default objects come from the training data itself and are made
 * abnormal by how they move:
 * <ul>
 *   <li><b>what</b>: a moving object (a person, a cyclist) cut from a random frame of another
 *       training video (the same video when there is only one) by {@link ForegroundObjects}'s
 *       motion-based mask; if ten tries find none, an ellipse of texture from such a frame;</li>
 *   <li><b>how big</b>: the scene's own size: placed near the height it was cut from (in a
 *       perspective view size follows height), scaled by a factor in [minScale, maxScale],
 *       stretched along one axis with probability stretchProbability (a walker made cart- or
 *       bike-shaped), mirrored half of the time, blended with an opacity in [minOpacity, maxOpacity];</li>
 *   <li><b>how it moves</b>: along a {@link Trajectory} through a point of frame t, in a random
 *       direction, at a speed drawn log-uniformly between minSpeedMultiple and maxSpeedMultiple
 *       times the 95th percentile of the scene's own object speeds ({@link SceneMotion}, measured
 *       once on the store's videos), zig-zagging with probability zigzagProbability;</li>
 *   <li><b>or a temporal jump</b> (share temporalJumpShare): no object pasted, the neighbours
 *       taken at t ± 3s, s in {2, 3, 4}, so everything that moves in frame t moves s times too
 *       fast ({@link TemporalJump}); the map is frame t's moving foreground;</li>
 *   <li><b>or a real object sped up</b> (share spedUpShare, 0 by default): one of frame t's own
 *       moving objects shown 2-4 times faster in a window around it ({@link SpedUpObject});</li>
 *   <li><b>the mask</b>: exactly the pixels pasted in frame t (see {@link PastedObject}).</li>
 * </ul>
 * With {@link SyntheticConfig#externalFolder()} set, a share of the anomalies come from that
 * folder of abnormal sequences instead ({@link ExternalAnomalySequences}). Everything is drawn
 * from the random generator passed in, so a (seed, epoch, sample) triple always gives the same
 * anomaly.
 */
public final class SyntheticAnomalyGenerator {
    private static final int TRIES = 10;
    /** Temporal-jump strides: neighbours at t ± 3s. */
    public static final int[] STRIDES = {2, 3, 4};

    /**
     * The kinds of synthetic anomaly, for previews and validation events. SPED_UP (a real object of
     * the scene moving 2-4 times faster, {@link SpedUpObject}) is in the training mix only when
     * {@link SyntheticConfig#spedUpShare()} asks for it: by default it is the validation's kind
     * unseen in training, the closest to Ped2's cyclists and skaters.
     */
    public enum Kind { OBJECT, STRETCHED, ZIGZAG, TEMPORAL_JUMP, SPED_UP }

    private final FrameStore train;
    private final SyntheticConfig config;
    private final ForegroundObjects objects;
    private final ExternalAnomalySequences external;
    private SceneMotion motion;

    /**
     * @param train the training videos at model resolution (objects are cut from them and their
     *              motion sets the speeds)
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

    /** The scene's measured object motion (measured on first use). */
    public synchronized SceneMotion sceneMotion() {
        if (motion == null) motion = SceneMotion.measure(train, objects);
        return motion;
    }

    /** The anomaly for a sample of training video targetVideo (an index into the store) at frame t. */
    public SyntheticAnomaly generate(SplittableRandom rng, int targetVideo, int t) {
        int h = train.height(), w = train.width();
        double opacity = uniform(rng, config.minOpacity(), config.maxOpacity());
        if (external != null && rng.nextDouble() < config.externalShare()) return external.pick(rng, h, w, opacity);
        if (rng.nextDouble() < config.temporalJumpShare()) {
            SyntheticAnomaly jump = temporalJump(targetVideo, t, STRIDES[rng.nextInt(STRIDES.length)]);
            if (jump != null) return jump;
        }
        // drawn only when asked for, so that the default mix keeps its random stream (and its bits)
        if (config.spedUpShare() > 0 && rng.nextDouble() < config.spedUpShare()) {
            SyntheticAnomaly sped = spedUpObject(rng, targetVideo, t);
            if (sped != null) return sped;
        }
        boolean stretch = rng.nextDouble() < config.stretchProbability(), zig = rng.nextDouble() < config.zigzagProbability();
        return pastedObject(rng, targetVideo, opacity, stretch, zig);
    }

    /** An anomaly of a given kind (a temporal jump that does not fit at t becomes an object). */
    public SyntheticAnomaly generate(SplittableRandom rng, int targetVideo, int t, Kind kind) {
        double opacity = uniform(rng, config.minOpacity(), config.maxOpacity());
        if (kind == Kind.TEMPORAL_JUMP) {
            SyntheticAnomaly jump = temporalJump(targetVideo, t, STRIDES[rng.nextInt(STRIDES.length)]);
            if (jump != null) return jump;
        }
        if (kind == Kind.SPED_UP) {
            SyntheticAnomaly sped = spedUpObject(rng, targetVideo, t);
            if (sped != null) return sped;
        }
        return pastedObject(rng, targetVideo, opacity, kind == Kind.STRETCHED, kind == Kind.ZIGZAG);
    }

    /**
     * A real object of frame t of the target video sped up 2, 3 or 4 times, or null when frame t has
     * no candidate object.
     */
    private SyntheticAnomaly spedUpObject(SplittableRandom rng, int targetVideo, int t) {
        int stride = STRIDES[rng.nextInt(STRIDES.length)];
        ObjectTrack here = ObjectTrack.follow(objects, rng, targetVideo, t, t, t + 1, 0);
        return here == null ? null : spedUpObject(here, t, stride, sceneMotion().usable() ? sceneMotion().speedP95() : 1);
    }

    /**
     * A temporal jump of the given stride at frame t of the target video, or null when t ± 3·stride
     * falls outside the video or frame t has no moving foreground.
     */
    public TemporalJump temporalJump(int targetVideo, int t, int stride) {
        int n = train.frameCount(targetVideo);
        if (t - 3 * stride < 0 || t + 3 * stride >= n) return null;
        byte[] fg = objects.movingForeground(targetVideo, t);
        int area = 0;
        for (byte b : fg) area += b;
        if (area == 0) return null;
        return new TemporalJump(stride, fg, String.format(Locale.ROOT, "moving foreground of %s frame %d (%d px)",
                train.videos().get(targetVideo).name(), t, area));
    }

    /**
     * A real moving object of video v followed through frames [first, end) from a random candidate
     * of frame `from` (steps of at most 3× the scene's 95th-percentile speed, 2 px at least), or
     * null when frame `from` has no candidate object.
     */
    public ObjectTrack followObject(SplittableRandom rng, int v, int from, int first, int end) {
        double p95 = sceneMotion().usable() ? sceneMotion().speedP95() : 1;
        return ObjectTrack.follow(objects, rng, v, from, first, end, Math.max(2, 3 * p95));
    }

    /**
     * The tracked object sped up `stride` times at frame t, or null where the track does not reach t.
     *
     * @param speed the object's speed (px/frame), for the window's margin
     */
    public SpedUpObject spedUpObject(ObjectTrack track, int t, int stride, double speed) {
        ForegroundObjects.Blob box = track.at(t);
        if (box == null) return null;
        return new SpedUpObject(train, track.video(), t, stride, box, objects.movingForeground(track.video(), t), speed,
                String.format(Locale.ROOT, "real object of %s, %s", train.videos().get(track.video()).name(), track.describe()));
    }

    private PastedObject pastedObject(SplittableRandom rng, int targetVideo, double opacity, boolean stretch, boolean zig) {
        int h = train.height(), w = train.width();
        int videos = train.videoCount();
        ForegroundObjects.Cut cut = null;
        Sprite sprite = null;
        String from = null;
        for (int i = 0; i < TRIES && sprite == null; i++) {
            int v = videos > 1 ? (targetVideo + 1 + rng.nextInt(videos - 1)) % videos : targetVideo;
            int s = rng.nextInt(train.frameCount(v));
            cut = objects.cutObject(rng, v, s);
            if (cut != null) {
                sprite = cut.sprite();
                from = "object from " + train.videos().get(v).name() + " frame " + s;
            } else if (i == TRIES - 1) {
                sprite = objects.ellipse(rng, v, s);
                from = "texture ellipse from " + train.videos().get(v).name() + " frame " + s + " (no moving object found)";
            }
        }
        double scale = uniform(rng, config.minScale(), config.maxScale());
        double sy = scale, sx = scale;
        String shape = "";
        if (stretch) {
            double f = uniform(rng, Math.min(1.4, config.maxStretch()), config.maxStretch());
            boolean wide = rng.nextDouble() < 2.0 / 3; // carts and bikes are wider than walkers
            if (wide) sx *= f;
            else sy *= f;
            shape = String.format(Locale.ROOT, ", stretched %.2f× %s", f, wide ? "wide" : "tall");
        }
        // keep the object at most 60% of the frame in each direction
        double fit = Math.min(1, Math.min(0.6 * h / (sprite.height() * sy), 0.6 * w / (sprite.width() * sx)));
        sprite = sprite.stretched(sy * fit, sx * fit);
        boolean flip = rng.nextBoolean();
        if (flip) sprite = sprite.flipped();
        double cx = uniform(rng, sprite.width() / 2.0, w - sprite.width() / 2.0);
        double cy = cut != null // near the height it came from: the scene's perspective keeps its size right
                ? clamp(cut.centreY() + uniform(rng, -0.1, 0.1) * h, sprite.height() / 2.0, h - sprite.height() / 2.0)
                : uniform(rng, sprite.height() / 2.0, h - sprite.height() / 2.0);
        double speed = speed(rng);
        double angle = rng.nextDouble() * 2 * Math.PI;
        double amp = zig ? uniform(rng, 0.02, 0.05) * w : 0, period = zig ? uniform(rng, 4, 8) : 1;
        Trajectory path = new Trajectory(cx, cy, speed * Math.cos(angle), speed * Math.sin(angle), amp, period);
        String what = String.format(Locale.ROOT, "%s, scale %.2f%s%s, %.2f px/frame at %.0f deg%s, opacity %.2f",
                from, scale * fit, shape, flip ? ", mirrored" : "", speed, path.directionDegrees(),
                zig ? String.format(Locale.ROOT, ", zig-zag %.1f px / %.1f frames", amp, period) : "", opacity);
        return new PastedObject(sprite, path, opacity, h, w, what);
    }

    /**
     * A speed in pixels per frame: log-uniform in [minSpeedMultiple, maxSpeedMultiple] times the
     * scene's 95th-percentile speed, or uniform in [minSpeed, maxSpeed] frame widths when scene
     * speeds are off or the scene's motion could not be measured.
     */
    private double speed(SplittableRandom rng) {
        if (config.sceneSpeeds()) {
            SceneMotion m = sceneMotion();
            if (m.usable())
                return m.speedP95() * Math.exp(uniform(rng, Math.log(Math.max(config.minSpeedMultiple(), 1e-3)), Math.log(config.maxSpeedMultiple())));
        }
        return uniform(rng, config.minSpeed(), config.maxSpeed()) * train.width();
    }

    private static double clamp(double v, double lo, double hi) {
        return hi < lo ? (lo + hi) / 2 : Math.max(lo, Math.min(hi, v));
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return hi > lo ? lo + rng.nextDouble() * (hi - lo) : lo;
    }
}
