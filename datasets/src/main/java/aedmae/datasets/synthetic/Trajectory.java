package aedmae.datasets.synthetic;

/**
 * A straight path at constant velocity with an optional zig-zag across it, in pixels of the
 * model-resolution frame: the object's centre at time t + dt is
 * {@code (cx, cy) + dt·(vx, vy) + a·tri(dt / period)·n}, where n is the unit vector across the
 * motion and tri a triangle wave in [−1, 1] with tri(0) = 0.
 *
 * @param cx       centre x at dt = 0 (the sample's frame)
 * @param cy       centre y at dt = 0
 * @param vx       velocity x, pixels per frame
 * @param vy       velocity y, pixels per frame
 * @param zigzag   zig-zag amplitude a in pixels (0 for a straight path)
 * @param period   zig-zag period in frames (ignored when zigzag is 0)
 */
public record Trajectory(double cx, double cy, double vx, double vy, double zigzag, double period) {
    public double x(int dt) {
        return cx + vx * dt + zig(dt) * normalX();
    }

    public double y(int dt) {
        return cy + vy * dt + zig(dt) * normalY();
    }

    /** Speed in pixels per frame. */
    public double speed() {
        return Math.hypot(vx, vy);
    }

    /** Direction in degrees, 0 = right, 90 = down (image y grows downwards). */
    public double directionDegrees() {
        return Math.toDegrees(Math.atan2(vy, vx));
    }

    private double zig(int dt) {
        if (zigzag == 0) return 0;
        double p = dt / period;
        double f = p - Math.floor(p); // 0..1
        double tri = f < 0.25 ? 4 * f : f < 0.75 ? 2 - 4 * f : 4 * f - 4; // 0 → 1 → −1 → 0
        return zigzag * tri;
    }

    private double normalX() {
        double s = speed();
        return s == 0 ? 0 : -vy / s;
    }

    private double normalY() {
        double s = speed();
        return s == 0 ? 1 : vx / s;
    }
}
