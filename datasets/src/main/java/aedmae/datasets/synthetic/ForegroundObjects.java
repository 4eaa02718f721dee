package aedmae.datasets.synthetic;

import aedmae.datasets.frames.FrameStore;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cuts moving objects out of training frames with a motion-based foreground mask:
 * <ol>
 *   <li>background of a video = per-pixel median of 15 frames spread over it (moving objects
 *       rarely stay on one pixel for half of them);</li>
 *   <li>foreground of frame s = pixels whose largest channel difference from the background
 *       exceeds a threshold;</li>
 *   <li>a 3×3 opening removes specks, a 3×3 closing joins the parts of one object;</li>
 *   <li>8-connected components whose area lies in [min, max] and whose box does not touch the
 *       frame's edge (a cut-off object) are candidates; one is chosen at random;</li>
 *   <li>holes inside the chosen component are filled (a shirt the colour of the road is still
 *       the person) and its bounding box becomes the sprite: frame pixels plus that mask.</li>
 * </ol>
 * Frames are [3, H, W] uint8 from a {@link FrameStore}.
 */
public final class ForegroundObjects {
    private static final int BACKGROUND_FRAMES = 15;

    private final FrameStore store;
    private final int threshold;
    private final int minArea, maxArea;
    private final ConcurrentHashMap<Integer, byte[]> backgrounds = new ConcurrentHashMap<>();

    public ForegroundObjects(FrameStore store, int threshold, double minAreaFraction, double maxAreaFraction) {
        this.store = store;
        this.threshold = threshold;
        int hw = store.height() * store.width();
        this.minArea = Math.max(12, (int) Math.ceil(minAreaFraction * hw));
        this.maxArea = Math.max(minArea + 1, (int) (maxAreaFraction * hw));
    }

    /** The temporal-median background of video v [3, H, W] (computed once per video). */
    public byte[] background(int v) {
        return backgrounds.computeIfAbsent(v, this::computeBackground);
    }

    private byte[] computeBackground(int v) {
        int n = store.frameCount(v), k = Math.min(BACKGROUND_FRAMES, n), size = 3 * store.height() * store.width();
        byte[][] frames = new byte[k][size];
        for (int i = 0; i < k; i++) store.readFrame(v, (int) ((long) i * n / k + (n / k) / 2) % n, frames[i], 0);
        byte[] bg = new byte[size];
        int[] vals = new int[k];
        for (int p = 0; p < size; p++) {
            for (int i = 0; i < k; i++) vals[i] = frames[i][p] & 0xFF;
            java.util.Arrays.sort(vals);
            bg[p] = (byte) vals[k / 2];
        }
        return bg;
    }

    /**
     * A moving object of frame s of video v, chosen at random among the candidates, or null if the
     * frame has none.
     */
    public Sprite cut(SplittableRandom rng, int v, int s) {
        Cut c = cutObject(rng, v, s);
        return c == null ? null : c.sprite();
    }

    /** A sprite and where its box's centre was in the frame it came from (pixels). */
    public record Cut(Sprite sprite, double centreX, double centreY) {}

    /** Like {@link #cut}, keeping where the object was (its place sets its size in a perspective scene). */
    public Cut cutObject(SplittableRandom rng, int v, int s) {
        int h = store.height(), w = store.width();
        byte[] frame = new byte[3 * h * w];
        store.readFrame(v, s, frame, 0);
        List<int[]> comps = new ArrayList<>();
        int[] label = components(cleanForeground(frame, v), h, w, comps);
        List<Integer> ok = candidates(comps);
        if (ok.isEmpty()) return null;
        int id = ok.get(rng.nextInt(ok.size()));
        int[] c = comps.get(id);
        return new Cut(crop(frame, label, id + 1, c, h, w), (c[1] + c[3]) / 2.0, (c[2] + c[4]) / 2.0);
    }

    /** A candidate object of a frame: its inclusive box and pixel count. */
    public record Blob(int area, int x0, int y0, int x1, int y1) {
        public double centreX() {
            return (x0 + x1) / 2.0;
        }

        public double centreY() {
            return (y0 + y1) / 2.0;
        }

        public int height() {
            return y1 - y0 + 1;
        }
    }

    /** The candidate objects of frame s of video v (area in range, box clear of the frame's edge). */
    public List<Blob> find(int v, int s) {
        int h = store.height(), w = store.width();
        byte[] frame = new byte[3 * h * w];
        store.readFrame(v, s, frame, 0);
        List<int[]> comps = new ArrayList<>();
        components(cleanForeground(frame, v), h, w, comps);
        List<Blob> out = new ArrayList<>();
        for (int i : candidates(comps)) {
            int[] c = comps.get(i);
            out.add(new Blob(c[0], c[1], c[2], c[3], c[4]));
        }
        return out;
    }

    /**
     * The moving foreground of frame s of video v [H·W], 1 on pixels of components of at least
     * the minimum object area (edge-touching ones included: the map marks everything that moves).
     */
    public byte[] movingForeground(int v, int s) {
        int h = store.height(), w = store.width();
        byte[] frame = new byte[3 * h * w];
        store.readFrame(v, s, frame, 0);
        List<int[]> comps = new ArrayList<>();
        int[] label = components(cleanForeground(frame, v), h, w, comps);
        byte[] mask = new byte[h * w];
        for (int p = 0; p < mask.length; p++)
            if (label[p] != 0 && comps.get(label[p] - 1)[0] >= minArea) mask[p] = 1;
        return mask;
    }

    /** Foreground of a frame of video v after a 3×3 opening (removes specks) and closing (joins parts). */
    private boolean[] cleanForeground(byte[] frame, int v) {
        int h = store.height(), w = store.width();
        boolean[] fg = foreground(frame, background(v), h, w, threshold);
        fg = dilate(erode(fg, h, w), h, w);   // opening
        return erode(dilate(fg, h, w), h, w); // closing
    }

    /** Indices of components with area in [min, max] whose box does not touch the frame's edge. */
    private List<Integer> candidates(List<int[]> comps) {
        int h = store.height(), w = store.width();
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < comps.size(); i++) {
            int[] c = comps.get(i); // area, x0, y0, x1, y1
            if (c[0] >= minArea && c[0] <= maxArea && c[1] > 0 && c[2] > 0 && c[3] < w - 1 && c[4] < h - 1) ok.add(i);
        }
        return ok;
    }

    /** foreground = max over channels |frame − background| > threshold. */
    static boolean[] foreground(byte[] frame, byte[] bg, int h, int w, int threshold) {
        int plane = h * w;
        boolean[] fg = new boolean[plane];
        for (int p = 0; p < plane; p++) {
            int d = 0;
            for (int c = 0; c < 3; c++) d = Math.max(d, Math.abs((frame[c * plane + p] & 0xFF) - (bg[c * plane + p] & 0xFF)));
            fg[p] = d > threshold;
        }
        return fg;
    }

    static boolean[] erode(boolean[] m, int h, int w) {
        return morph(m, h, w, true);
    }

    static boolean[] dilate(boolean[] m, int h, int w) {
        return morph(m, h, w, false);
    }

    /** 3×3 erosion (all neighbours set) or dilation (any neighbour set); outside the frame counts as the pixel itself. */
    private static boolean[] morph(boolean[] m, int h, int w, boolean erode) {
        boolean[] out = new boolean[m.length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                boolean acc = erode;
                for (int dy = -1; dy <= 1 && acc == erode; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = Math.min(h - 1, Math.max(0, y + dy)), xx = Math.min(w - 1, Math.max(0, x + dx));
                        if (m[yy * w + xx] != erode) {
                            acc = !erode;
                            break;
                        }
                    }
                out[y * w + x] = acc;
            }
        return out;
    }

    /**
     * 8-connected components of a mask. Returns per-pixel labels (0 = background, i+1 = comps[i])
     * and appends {area, x0, y0, x1, y1} (inclusive box) per component to comps.
     */
    static int[] components(boolean[] m, int h, int w, List<int[]> comps) {
        int[] label = new int[m.length];
        int[] stack = new int[m.length];
        for (int p0 = 0; p0 < m.length; p0++) {
            if (!m[p0] || label[p0] != 0) continue;
            int id = comps.size() + 1, sp = 0, area = 0;
            int x0 = w, y0 = h, x1 = -1, y1 = -1;
            stack[sp++] = p0;
            label[p0] = id;
            while (sp > 0) {
                int p = stack[--sp], y = p / w, x = p % w;
                area++;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy, xx = x + dx;
                        if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                        int q = yy * w + xx;
                        if (m[q] && label[q] == 0) {
                            label[q] = id;
                            stack[sp++] = q;
                        }
                    }
            }
            comps.add(new int[] {area, x0, y0, x1, y1});
        }
        return label;
    }

    /** The component's box as a sprite, with holes in the component filled. */
    static Sprite crop(byte[] frame, int[] label, int id, int[] box, int h, int w) {
        int bx = box[1], by = box[2], bw = box[3] - box[1] + 1, bh = box[4] - box[2] + 1, plane = h * w;
        byte[] rgb = new byte[3 * bw * bh], mask = new byte[bw * bh];
        boolean[] inside = new boolean[bw * bh];
        for (int y = 0; y < bh; y++)
            for (int x = 0; x < bw; x++) inside[y * bw + x] = label[(by + y) * w + bx + x] == id;
        // outside = box pixels reachable from the box's border without crossing the component
        boolean[] outside = new boolean[bw * bh];
        int[] stack = new int[bw * bh];
        int sp = 0;
        for (int y = 0; y < bh; y++)
            for (int x = 0; x < bw; x++)
                if ((y == 0 || x == 0 || y == bh - 1 || x == bw - 1) && !inside[y * bw + x] && !outside[y * bw + x]) {
                    outside[y * bw + x] = true;
                    stack[sp++] = y * bw + x;
                }
        while (sp > 0) {
            int p = stack[--sp], y = p / bw, x = p % bw;
            int[][] nb = {{y - 1, x}, {y + 1, x}, {y, x - 1}, {y, x + 1}};
            for (int[] q : nb) {
                if (q[0] < 0 || q[0] >= bh || q[1] < 0 || q[1] >= bw) continue;
                int i = q[0] * bw + q[1];
                if (!inside[i] && !outside[i]) {
                    outside[i] = true;
                    stack[sp++] = i;
                }
            }
        }
        for (int y = 0; y < bh; y++)
            for (int x = 0; x < bw; x++) {
                int s = (by + y) * w + bx + x, d = y * bw + x;
                mask[d] = (byte) (outside[d] ? 0 : 1);
                for (int c = 0; c < 3; c++) rgb[c * bw * bh + d] = frame[c * plane + s];
            }
        return new Sprite(bh, bw, rgb, mask);
    }

    /**
     * A fallback object when no moving object is found: an ellipse of the frame's own texture
     * cut from a random place of frame s (sized about 1/8 × 1/12 of the frame).
     */
    public Sprite ellipse(SplittableRandom rng, int v, int s) {
        int h = store.height(), w = store.width();
        byte[] frame = new byte[3 * h * w];
        store.readFrame(v, s, frame, 0);
        int bh = Math.max(3, h / 6 + rng.nextInt(Math.max(1, h / 12))), bw = Math.max(3, w / 12 + rng.nextInt(Math.max(1, w / 16)));
        bh = Math.min(bh, h);
        bw = Math.min(bw, w);
        int by = rng.nextInt(h - bh + 1), bx = rng.nextInt(w - bw + 1), plane = h * w;
        byte[] rgb = new byte[3 * bh * bw], mask = new byte[bh * bw];
        for (int y = 0; y < bh; y++)
            for (int x = 0; x < bw; x++) {
                double ny = (y + 0.5) / bh * 2 - 1, nx = (x + 0.5) / bw * 2 - 1;
                int d = y * bw + x;
                mask[d] = (byte) (nx * nx + ny * ny <= 1 ? 1 : 0);
                for (int c = 0; c < 3; c++) rgb[c * bh * bw + d] = frame[c * plane + (by + y) * w + bx + x];
            }
        return new Sprite(bh, bw, rgb, mask);
    }
}
