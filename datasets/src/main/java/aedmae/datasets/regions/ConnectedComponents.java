package aedmae.datasets.regions;

import java.util.ArrayList;
import java.util.List;

/**
 * 8-connected components of the "on" pixels of a grid {@code [H, W]}, in raster order of their
 * first pixel. Used for ground-truth masks (one region per blob) and for thresholded anomaly maps
 * (one detected region per blob).
 */
public final class ConnectedComponents {
    private ConnectedComponents() {}

    /**
     * One component.
     *
     * @param box    the bounding box of its pixels (half-open, grid units)
     * @param pixels indices {@code y * W + x} of its pixels
     */
    public record Component(Box box, int[] pixels) {
        public int area() {
            return pixels.length;
        }
    }

    /**
     * The components of at least minArea pixels.
     *
     * @param on {@code [H, W]}; not modified
     */
    public static List<Component> find(boolean[] on, int h, int w, int minArea) {
        if (on.length != h * w) throw new IllegalArgumentException("grid has " + on.length + " cells, expected " + h + "x" + w);
        List<Component> out = new ArrayList<>();
        boolean[] seen = new boolean[h * w];
        int[] stack = new int[h * w];
        int[] members = new int[h * w];
        for (int start = 0; start < h * w; start++) {
            if (seen[start] || !on[start]) continue;
            int top = 0, n = 0;
            int x0 = w, y0 = h, x1 = -1, y1 = -1;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int p = stack[--top];
                members[n++] = p;
                int py = p / w, px = p % w;
                x0 = Math.min(x0, px); x1 = Math.max(x1, px);
                y0 = Math.min(y0, py); y1 = Math.max(y1, py);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int qy = py + dy, qx = px + dx;
                        if (qy < 0 || qy >= h || qx < 0 || qx >= w) continue;
                        int q = qy * w + qx;
                        if (!seen[q] && on[q]) {
                            seen[q] = true;
                            stack[top++] = q;
                        }
                    }
                }
            }
            if (n >= minArea) {
                int[] px = java.util.Arrays.copyOf(members, n);
                java.util.Arrays.sort(px);
                out.add(new Component(Box.ofInclusive(x0, y0, x1, y1), px));
            }
        }
        return out;
    }
}
