package aedmae.localization;

import java.util.Locale;

/**
 * How abnormal regions are cut out of a frame's anomaly map {@code [H, W]}.
 *
 * @param mode    connected components of the high pixels, or the paper's box around all high patches
 * @param level   where between the frame map's minimum (0) and maximum (1) the threshold lies
 * @param minArea least pixels of a component (components mode)
 * @param patch   patch size P of the patch grid (patch-hull mode)
 */
public record RegionOptions(Mode mode, double level, int minArea, int patch) {
    public enum Mode {
        /** Each 8-connected blob of pixels at or above the threshold is a region (default). */
        COMPONENTS,
        /**
         * The supplementary's drawing (Figs. 3–6): the map is averaged per P×P patch, patches at or above
         * the threshold are "labelled abnormal", and the region is the bounding box of their convex hull
         * (the box around all of them): one region per frame.
         */
        PATCH_HULL
    }

    public RegionOptions {
        if (mode == null) throw new IllegalArgumentException("region mode must be set");
        if (!(level > 0 && level <= 1)) throw new IllegalArgumentException("region level must be in (0, 1], got " + level);
        if (minArea < 1) throw new IllegalArgumentException("region min area must be >= 1, got " + minArea);
        if (patch < 1) throw new IllegalArgumentException("region patch must be >= 1, got " + patch);
    }

    /** Components at half-way between the frame's lowest and highest map value, of at least 4 pixels. */
    public static RegionOptions defaults(int patch) {
        return new RegionOptions(Mode.COMPONENTS, 0.5, 4, patch);
    }

    public RegionOptions withMode(Mode m) {
        return new RegionOptions(m, level, minArea, patch);
    }

    /** One line for the protocol card. */
    public String describe() {
        return mode == Mode.COMPONENTS
                ? String.format(Locale.ROOT, "8-connected components of the 3-D-smoothed map at min + %s·(max − min) of the frame, at least %d px; score = map max inside", level, minArea)
                : String.format(Locale.ROOT, "box around the %d×%d patches whose mean map is at least min + %s·(max − min) of the frame's patch means (convex hull of abnormal patches); score = map max inside", patch, patch, level);
    }
}
