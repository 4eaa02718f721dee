package aedmae.watch;

import aedmae.localization.RegionExtractor;
import aedmae.localization.RegionOptions;
import aedmae.localization.ScoredBox;

import java.time.Instant;

/**
 * Turns one camera's frame scores into events with hysteresis ({@link Hysteresis}): "start" on the
 * first frame above θ, "update" every {@code updateFrames} frames while it lasts (when the peak
 * rose), "end" once the score has stayed below the end level for the hysteresis' frames. Each
 * message carries the bounding box of the anomaly map's hottest region.
 *
 * <p>Not thread-safe: the scoring thread only.
 */
public final class EventDetector {
    /** Receives each event message with the scored frame it is about (for snapshots). */
    public interface Listener {
        void event(AnomalyEvent event, CausalScorer.Scored frame);
    }

    private final String camera;
    private final int mapH, mapW, updateFrames;
    private final Listener listener;
    private volatile Hysteresis hysteresis;
    private boolean active;
    private String id;
    private long startFrame, lastAbove, sinceUpdate;
    private int below;
    private double peak, peakAtUpdate;
    private CausalScorer.Scored lastAboveFrame, lastSeen;
    private long eventsStarted;

    public EventDetector(String camera, Hysteresis hysteresis, int mapH, int mapW, int updateFrames, Listener listener) {
        this.camera = camera;
        this.hysteresis = hysteresis;
        this.mapH = mapH;
        this.mapW = mapW;
        this.updateFrames = Math.max(1, updateFrames);
        this.listener = listener;
    }

    /** The thresholds in use (null: still calibrating, no events). */
    public Hysteresis hysteresis() {
        return hysteresis;
    }

    public void setHysteresis(Hysteresis h) {
        this.hysteresis = h;
    }

    public boolean active() {
        return active;
    }

    public long eventsStarted() {
        return eventsStarted;
    }

    /**
     * Continues an event another process opened (a cluster node taking the camera over): later
     * messages carry its id, start frame and peak, and no second start is sent. Call before the
     * first frame.
     */
    public void resume(AnomalyEvent open) {
        active = true;
        id = open.id();
        startFrame = open.startFrame();
        peak = peakAtUpdate = open.peak();
        below = 0;
        sinceUpdate = 0;
        lastAboveFrame = null;
    }

    /** The next frame's final score. */
    public void accept(CausalScorer.Scored s) {
        Hysteresis h = hysteresis;
        if (h == null) return;
        lastSeen = s;
        double score = s.score();
        long t = s.frame().index();
        if (!active) {
            if (score > h.high()) {
                active = true;
                eventsStarted++;
                startFrame = t;
                lastAbove = t;
                lastAboveFrame = s;
                below = 0;
                sinceUpdate = 0;
                peak = peakAtUpdate = score;
                id = String.format("%s-%06d-%d", camera, t, s.frame().epochMillis());
                listener.event(message("start", s, -1), s);
            }
            return;
        }
        if (score > peak) peak = score;
        if (score < h.low()) {
            if (++below >= h.endFrames()) end();
            return;
        }
        below = 0;
        lastAbove = t;
        lastAboveFrame = s;
        if (++sinceUpdate >= updateFrames && peak > peakAtUpdate) {
            sinceUpdate = 0;
            peakAtUpdate = peak;
            listener.event(message("update", s, -1), s);
        }
    }

    /** Ends an open event (the stream ended, or shutdown). */
    public void close() {
        if (active) end();
    }

    private void end() {
        active = false;
        // a resumed event may end before any frame here rose above the end level
        CausalScorer.Scored f = lastAboveFrame != null ? lastAboveFrame : lastSeen;
        if (f == null) return; // resumed and closed before its first frame: its stored state stays as it was
        listener.event(message("end", f, lastAboveFrame != null ? lastAbove : f.frame().index()), f);
    }

    private AnomalyEvent message(String phase, CausalScorer.Scored s, long endFrame) {
        LiveFrame f = s.frame();
        return new AnomalyEvent(id, phase, camera, Instant.ofEpochMilli(f.epochMillis()).toString(), f.index(), s.score(), peak,
                hysteresis.high(), box(s.map(), mapH, mapW, f.original().height(), f.original().width()), startFrame, endFrame, null, null);
    }

    /**
     * The box {x, y, width, height}, in a frame of outH × outW, of the map's strongest region
     * ({@link RegionExtractor} with its defaults, as `eval` reports regions); the whole frame when
     * the map is flat.
     */
    static int[] box(float[] map, int h, int w, int outH, int outW) {
        ScoredBox best = null;
        for (ScoredBox r : new RegionExtractor(RegionOptions.defaults(1)).extract(map, h, w)) if (best == null || r.score() > best.score()) best = r;
        if (best == null) return new int[] {0, 0, outW, outH};
        double sx = (double) outW / w, sy = (double) outH / h;
        int x0 = (int) Math.floor(best.box().x0() * sx), y0 = (int) Math.floor(best.box().y0() * sy);
        int x1 = (int) Math.ceil(best.box().x1() * sx), y1 = (int) Math.ceil(best.box().y1() * sy);
        return new int[] {x0, y0, Math.min(outW, x1) - x0, Math.min(outH, y1) - y0};
    }
}
