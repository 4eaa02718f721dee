package aedmae.localization;

import aedmae.datasets.regions.Box;
import aedmae.datasets.regions.ConnectedComponents;

import java.util.ArrayList;
import java.util.List;

/**
 * Abnormal regions of one frame from its anomaly map {@code [H, W]} (H, W: the scored frame's
 * rows and columns): threshold the map relative to its own range, then either the connected
 * components of what is left or the box around the abnormal patches ({@link RegionOptions.Mode}).
 * Every region gets the map's maximum inside it as its score. A flat map (max = min) has no region.
 */
public final class RegionExtractor {
    private final RegionOptions options;

    public RegionExtractor(RegionOptions options) {
        this.options = options;
    }

    public RegionOptions options() {
        return options;
    }

    /**
     * The frame's regions, in raster order of their first pixel.
     *
     * @param map {@code [H, W]}; not modified
     */
    public List<ScoredBox> extract(float[] map, int h, int w) {
        if (map.length != h * w) throw new IllegalArgumentException("anomaly map has " + map.length + " values, expected " + h + "x" + w);
        return options.mode() == RegionOptions.Mode.COMPONENTS ? components(map, h, w) : patchHull(map, h, w);
    }

    private List<ScoredBox> components(float[] map, int h, int w) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : map) {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (!(max > min)) return List.of();
        double threshold = min + options.level() * (max - min);
        boolean[] on = new boolean[map.length];
        for (int i = 0; i < map.length; i++) on[i] = map[i] >= threshold;
        List<ScoredBox> out = new ArrayList<>();
        for (ConnectedComponents.Component c : ConnectedComponents.find(on, h, w, options.minArea())) {
            float peak = Float.NEGATIVE_INFINITY;
            for (int p : c.pixels()) peak = Math.max(peak, map[p]);
            out.add(new ScoredBox(c.box(), peak));
        }
        return out;
    }

    private List<ScoredBox> patchHull(float[] map, int h, int w) {
        int p = options.patch(), gh = (h + p - 1) / p, gw = (w + p - 1) / p;
        double[] mean = new double[gh * gw];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                double s = 0;
                int n = 0;
                for (int y = gy * p; y < Math.min(h, gy * p + p); y++)
                    for (int x = gx * p; x < Math.min(w, gx * p + p); x++, n++) s += map[y * w + x];
                double m = s / n;
                mean[gy * gw + gx] = m;
                lo = Math.min(lo, m);
                hi = Math.max(hi, m);
            }
        }
        if (!(hi > lo)) return List.of();
        double threshold = lo + options.level() * (hi - lo);
        Box hull = null;
        float peak = Float.NEGATIVE_INFINITY;
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                if (!(mean[gy * gw + gx] >= threshold)) continue;
                Box b = new Box(gx * p, gy * p, Math.min(w, gx * p + p), Math.min(h, gy * p + p));
                hull = hull == null ? b : hull.union(b);
                for (int y = (int) b.y0(); y < (int) b.y1(); y++)
                    for (int x = (int) b.x0(); x < (int) b.x1(); x++) peak = Math.max(peak, map[y * w + x]);
            }
        }
        return List.of(new ScoredBox(hull, peak));
    }
}
