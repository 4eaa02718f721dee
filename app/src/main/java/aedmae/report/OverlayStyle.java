package aedmae.report;

import java.awt.Color;

/**
 * How an anomaly map is drawn over its frame.
 *
 * @param colormap     colour map of the normalised map value
 * @param alpha        opacity of the heat map at value 1, in [0, 1]
 * @param alphaByValue true: opacity grows with the value (alpha·v), so normal regions stay clear; false: constant alpha
 * @param vmin         map value drawn as 0; NaN = the map's own minimum
 * @param vmax         map value drawn as 1; NaN = the map's own maximum. Fix both to compare frames of a video.
 * @param boxThreshold normalised value (0..1) above which pixels count as "high"; their connected
 *                     regions get a bounding box. NaN = no boxes.
 * @param minBoxArea   smallest region, in frame pixels, that gets a box
 * @param boxColor     colour of the boxes
 */
public record OverlayStyle(Colormap colormap, double alpha, boolean alphaByValue, double vmin, double vmax,
                           double boxThreshold, int minBoxArea, Color boxColor) {
    public OverlayStyle {
        if (colormap == null || boxColor == null) throw new IllegalArgumentException("overlay style: colormap and box colour must be set");
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("overlay alpha must be in [0, 1], got " + alpha);
    }

    /** Jet, opacity up to 0.6 growing with the value, per-frame range, no boxes. */
    public static OverlayStyle defaults() {
        return new OverlayStyle(Colormap.JET, 0.6, true, Double.NaN, Double.NaN, Double.NaN, 16, Color.RED);
    }

    /** This style with a fixed value range [vmin, vmax]. */
    public OverlayStyle withRange(double vmin, double vmax) {
        return new OverlayStyle(colormap, alpha, alphaByValue, vmin, vmax, boxThreshold, minBoxArea, boxColor);
    }

    /** This style with boxes around regions above the normalised threshold. */
    public OverlayStyle withBoxes(double threshold, int minArea) {
        return new OverlayStyle(colormap, alpha, alphaByValue, vmin, vmax, threshold, minArea, boxColor);
    }
}
