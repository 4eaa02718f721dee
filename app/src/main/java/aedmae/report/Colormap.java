package aedmae.report;

/** Colour maps from a value in [0, 1] to packed RGB ({@code 0xRRGGBB}). */
public enum Colormap {
    /** Blue → cyan → yellow → red (MATLAB's jet, piecewise linear). */
    JET,
    /** Black → red → yellow → white. */
    HOT,
    /** Black → white. */
    GRAY;

    /** RGB of value v; v is clamped to [0, 1], NaN maps to 0. */
    public int rgb(double v) {
        if (!(v > 0)) v = 0;
        if (v > 1) v = 1;
        double r, g, b;
        switch (this) {
            case JET:
                r = clamp(1.5 - Math.abs(4 * v - 3));
                g = clamp(1.5 - Math.abs(4 * v - 2));
                b = clamp(1.5 - Math.abs(4 * v - 1));
                break;
            case HOT:
                r = clamp(3 * v);
                g = clamp(3 * v - 1);
                b = clamp(3 * v - 2);
                break;
            default:
                r = g = b = v;
        }
        return (to8(r) << 16) | (to8(g) << 8) | to8(b);
    }

    private static double clamp(double x) {
        return x < 0 ? 0 : Math.min(x, 1);
    }

    private static int to8(double x) {
        return (int) Math.round(x * 255);
    }
}
