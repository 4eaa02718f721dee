package aedmae.datasets.regions;

import java.util.Locale;

/**
 * An axis-aligned box in pixel units, half-open: it covers {@code [x0, x1) × [y0, y1)}, where pixel
 * (x, y) is the unit square {@code [x, x+1) × [y, y+1)}. A box given as inclusive pixel indices
 * {@code x_min..x_max} (the usual text convention) is {@code [x_min, x_max + 1)}: see
 * {@link #ofInclusive}. With this convention the IoU of integer boxes equals the public RBDC/TBDC
 * code's "+1" IoU of the same inclusive boxes.
 *
 * @param x0 left edge
 * @param y0 top edge
 * @param x1 right edge (exclusive), {@code >= x0}
 * @param y1 bottom edge (exclusive), {@code >= y0}
 */
public record Box(double x0, double y0, double x1, double y1) {
    public Box {
        if (!(x1 >= x0) || !(y1 >= y0) || !Double.isFinite(x0) || !Double.isFinite(y0) || !Double.isFinite(x1) || !Double.isFinite(y1))
            throw new IllegalArgumentException("invalid box " + text(x0, y0, x1, y1));
    }

    /** The box covering pixels {@code xMin..xMax} × {@code yMin..yMax}, inclusive. */
    public static Box ofInclusive(double xMin, double yMin, double xMax, double yMax) {
        return new Box(xMin, yMin, xMax + 1, yMax + 1);
    }

    public double width() {
        return x1 - x0;
    }

    public double height() {
        return y1 - y0;
    }

    public double area() {
        return width() * height();
    }

    /** Area of the intersection with another box (0 when they do not overlap). */
    public double intersection(Box o) {
        double w = Math.min(x1, o.x1) - Math.max(x0, o.x0), h = Math.min(y1, o.y1) - Math.max(y0, o.y0);
        return w > 0 && h > 0 ? w * h : 0;
    }

    /** Intersection over union; 0 for two empty boxes. */
    public double iou(Box o) {
        double i = intersection(o), u = area() + o.area() - i;
        return u > 0 ? i / u : 0;
    }

    /** The box in another pixel grid: x scaled by sx, y by sy (e.g. model input → original frame). */
    public Box scaled(double sx, double sy) {
        return new Box(x0 * sx, y0 * sy, x1 * sx, y1 * sy);
    }

    /** The smallest box holding both. */
    public Box union(Box o) {
        return new Box(Math.min(x0, o.x0), Math.min(y0, o.y0), Math.max(x1, o.x1), Math.max(y1, o.y1));
    }

    @Override
    public String toString() {
        return text(x0, y0, x1, y1);
    }

    private static String text(double x0, double y0, double x1, double y1) {
        return String.format(Locale.ROOT, "[%s, %s, %s, %s)", n(x0), n(y0), n(x1), n(y1));
    }

    private static String n(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }
}
