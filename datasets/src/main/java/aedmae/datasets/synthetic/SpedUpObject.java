package aedmae.datasets.synthetic;

import aedmae.datasets.frames.FrameStore;

import java.util.Locale;

/**
 * A real object of the scene, sped up: in a window around where it is in frame t, the sample's
 * other frames show the video at t + stride·dt instead of t + dt, so that object (and only what
 * is inside the window) moves stride times faster than it did, with its own appearance and no
 * pasting edge on a fixed camera's background. This is what a skater or a cyclist among walkers
 * looks like, and what a {@link TemporalJump} does to the whole frame. Frame t itself is left as it
 * is; the anomaly map is the object's moving pixels in frame t.
 * <p>
 * The window is the object's box widened by the distance the sped-up object travels in the
 * sample (3·stride·speed pixels, plus 2), so that it holds the object in every frame of the
 * sample; the frames of the sample are t ± 3 and t ± 1 (dt = ±3, ±1).
 */
public final class SpedUpObject implements SyntheticAnomaly {
    private static final int SAMPLE_REACH = 3;

    private final FrameStore store;
    private final int video, t, stride;
    private final ForegroundObjects.Blob object;
    private final byte[] foreground;
    private final int x0, y0, x1, y1;
    private final String description;

    /**
     * @param object     the object in frame t
     * @param foreground [H·W] moving foreground of frame t (not modified)
     * @param speed      how far the object moves per frame (pixels): sets the window's margin
     */
    public SpedUpObject(FrameStore store, int video, int t, int stride, ForegroundObjects.Blob object, byte[] foreground, double speed, String description) {
        if (stride < 2) throw new IllegalArgumentException("a sped-up object needs a stride of at least 2, got " + stride);
        this.store = store;
        this.video = video;
        this.t = t;
        this.stride = stride;
        this.object = object;
        this.foreground = foreground;
        int margin = (int) Math.ceil(SAMPLE_REACH * stride * speed) + 2, h = store.height(), w = store.width();
        this.x0 = Math.max(0, object.x0() - margin);
        this.y0 = Math.max(0, object.y0() - margin);
        this.x1 = Math.min(w - 1, object.x1() + margin);
        this.y1 = Math.min(h - 1, object.y1() + margin);
        this.description = description;
    }

    /**
     * At dt = 0 marks the object's moving pixels and returns how many; elsewhere copies the window
     * from frame t + stride·dt (clamped to the video) into the frame and returns the window's area.
     */
    @Override
    public int paste(int dt, byte[] frame, byte[] mask) {
        int h = store.height(), w = store.width();
        if (dt == 0) {
            int n = 0;
            for (int y = object.y0(); y <= object.y1(); y++)
                for (int x = object.x0(); x <= object.x1(); x++)
                    if (foreground[y * w + x] != 0) {
                        if (mask != null) mask[y * w + x] = 1;
                        n++;
                    }
            return n;
        }
        int source = Math.max(0, Math.min(store.frameCount(video) - 1, t + stride * dt));
        byte[] other = new byte[3 * h * w];
        store.readFrame(video, source, other, 0);
        int width = x1 - x0 + 1;
        for (int c = 0; c < 3; c++)
            for (int y = y0; y <= y1; y++) {
                int p = c * h * w + y * w + x0;
                System.arraycopy(other, p, frame, p, width);
            }
        return width * (y1 - y0 + 1);
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "object sped up %d× (window %d-%d × %d-%d of frame %d), %s",
                stride, x0, x1, y0, y1, t, description);
    }
}
