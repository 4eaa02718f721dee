package aedmae.datasets.synthetic;

import aedmae.datasets.frames.FrameStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic abnormal events on held-out training videos, laid out like a test video's: runs of
 * {@value #MIN_LENGTH}-{@value #MAX_LENGTH} consecutive frames separated by normal stretches of
 * {@value #MIN_GAP}-{@value #MAX_GAP} frames (both shrunk in proportion for videos shorter than
 * {@value #FULL_LENGTH_VIDEO} frames, so a short video still gets events). Each event is one kind
 * ({@link SyntheticAnomalyGenerator.Kind}):
 * <ul>
 *   <li>an object (plain, stretched or zig-zagging) made by the scene-fitted generator for the
 *       event's middle frame and followed through the event along its path, so it crosses the
 *       scene at its speed as a cyclist would (frames where it has left the picture hold nothing
 *       and count as normal);</li>
 *   <li>a temporal jump: every frame of the event sees its neighbours at t ± 3s, s fixed per event;</li>
 *   <li>a sped-up object: a real object of the video, followed through the event
 *       ({@link ObjectTrack}), moves s times faster than it did ({@link SpedUpObject}); frames where
 *       the track does not reach count as normal. This kind is never in the training mix, so it
 *       judges how the detector does on an anomaly it was not trained on, as the test set does.</li>
 * </ul>
 * A frame's label is whether something abnormal was put into it. The plan is a function of the
 * store and the seed only, so every checkpoint and scoring mode is judged on the same events.
 */
public final class ValidationEvents {
    public static final int MIN_LENGTH = 30, MAX_LENGTH = 60, MIN_GAP = 20, MAX_GAP = 50, FULL_LENGTH_VIDEO = 120;

    /**
     * One event.
     *
     * @param video  index of the video in the store
     * @param start  first frame
     * @param length frames
     * @param kind   what happens
     * @param stride the temporal jump's or sped-up object's s (1 for pasted objects)
     * @param anchor the pasted object, as at the event's middle frame (null for the other kinds)
     * @param track  the sped-up object (null for the other kinds)
     */
    public record Event(int video, int start, int length, SyntheticAnomalyGenerator.Kind kind, int stride, SyntheticAnomaly anchor, ObjectTrack track) {
        public int middle() {
            return start + length / 2;
        }

        public boolean contains(int v, int t) {
            return v == video && t >= start && t < start + length;
        }

        public String describe() {
            return String.format(Locale.ROOT, "frames %d-%d: %s", start, start + length - 1,
                    anchor != null ? anchor.description() : track != null ? "real object sped up " + stride + "×, " + track.describe()
                            : "temporal jump, neighbours at t ± " + 3 * stride);
        }
    }

    private final FrameStore store;
    private final SyntheticAnomalyGenerator generator;
    private final List<Event> events;

    private ValidationEvents(FrameStore store, SyntheticAnomalyGenerator generator, List<Event> events) {
        this.store = store;
        this.generator = generator;
        this.events = List.copyOf(events);
    }

    /** The kinds laid out by default: every kind but the sped-up object (see {@link #plan(FrameStore, SyntheticAnomalyGenerator, long, boolean)}). */
    public static final List<SyntheticAnomalyGenerator.Kind> DEFAULT_KINDS = List.of(SyntheticAnomalyGenerator.Kind.OBJECT,
            SyntheticAnomalyGenerator.Kind.STRETCHED, SyntheticAnomalyGenerator.Kind.ZIGZAG, SyntheticAnomalyGenerator.Kind.TEMPORAL_JUMP);

    /** Lays events of the default kinds out over every video of the generator's store. */
    public static ValidationEvents plan(FrameStore store, SyntheticAnomalyGenerator generator, long seed) {
        return plan(store, generator, seed, false);
    }

    /**
     * Lays events out over every video of the generator's store.
     *
     * @param withSpedUp whether sped-up real objects are among the kinds (five kinds in turn instead of four)
     */
    public static ValidationEvents plan(FrameStore store, SyntheticAnomalyGenerator generator, long seed, boolean withSpedUp) {
        SplittableRandom rng = new SplittableRandom(seed);
        SyntheticAnomalyGenerator.Kind[] kinds = withSpedUp ? SyntheticAnomalyGenerator.Kind.values()
                : DEFAULT_KINDS.toArray(SyntheticAnomalyGenerator.Kind[]::new);
        List<Event> events = new ArrayList<>();
        for (int v = 0; v < store.videoCount(); v++) {
            int n = store.frameCount(v);
            double f = Math.min(1, (double) n / FULL_LENGTH_VIDEO);
            int minLength = Math.max(2, (int) (MIN_LENGTH * f)), maxLength = Math.max(minLength, (int) (MAX_LENGTH * f));
            int minGap = Math.max(1, (int) (MIN_GAP * f)), maxGap = Math.max(minGap, (int) (MAX_GAP * f));
            int t = between(rng, minGap / 2, maxGap / 2), k = rng.nextInt(kinds.length);
            while (t + minLength <= n) {
                int length = Math.min(between(rng, minLength, maxLength), n - t);
                SyntheticAnomalyGenerator.Kind kind = kinds[k++ % kinds.length]; // every kind in turn
                boolean jump = kind == SyntheticAnomalyGenerator.Kind.TEMPORAL_JUMP, spedUp = kind == SyntheticAnomalyGenerator.Kind.SPED_UP;
                int stride = jump || spedUp ? SyntheticAnomalyGenerator.STRIDES[rng.nextInt(SyntheticAnomalyGenerator.STRIDES.length)] : 1;
                ObjectTrack track = spedUp ? generator.followObject(rng.split(), v, t + length / 2, t, t + length) : null;
                if (spedUp && track == null) { // no object to speed up in the middle frame: a plain pasted object instead
                    kind = SyntheticAnomalyGenerator.Kind.OBJECT;
                    stride = 1;
                }
                SyntheticAnomaly anchor = jump || track != null ? null : generator.generate(rng.split(), v, t + length / 2, kind);
                events.add(new Event(v, t, length, kind, stride, anchor, track));
                t += length + between(rng, minGap, maxGap);
            }
        }
        return new ValidationEvents(store, generator, events);
    }

    public List<Event> events() {
        return events;
    }

    public FrameStore store() {
        return store;
    }

    /** The kind of the event that holds frame t of video v, or null when the frame is outside every event. */
    public SyntheticAnomalyGenerator.Kind kindAt(int v, int t) {
        for (Event e : events) if (e.contains(v, t)) return e.kind();
        return null;
    }

    /** The anomaly of frame t of video v, or null when the frame is outside every event. */
    public SyntheticAnomaly at(int v, int t) {
        for (Event e : events) {
            if (!e.contains(v, t)) continue;
            if (e.track() != null) return generator.spedUpObject(e.track(), t, e.stride(), e.track().speed()); // null where the track does not reach
            if (e.anchor() == null) return generator.temporalJump(v, t, e.stride()); // null where t ± 3s leaves the video
            return new Shifted(e.anchor(), t - e.middle());
        }
        return null;
    }

    private static int between(SplittableRandom rng, int lo, int hi) {
        return lo + rng.nextInt(hi - lo + 1);
    }

    /** An anomaly seen from `by` frames after its anchor frame. */
    private record Shifted(SyntheticAnomaly base, int by) implements SyntheticAnomaly {
        @Override
        public int paste(int dt, byte[] frame, byte[] mask) {
            return base.paste(dt + by, frame, mask);
        }

        @Override
        public int stride() {
            return base.stride();
        }

        @Override
        public String description() {
            return base.description() + String.format(Locale.ROOT, " (%+d frames from the event's middle)", by);
        }
    }
}
