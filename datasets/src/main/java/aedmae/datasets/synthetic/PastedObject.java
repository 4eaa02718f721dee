package aedmae.datasets.synthetic;

/**
 * A sprite moved along a trajectory and alpha-blended onto frames: at time t + dt its box is
 * centred on the trajectory's point, and every sprite pixel with mask 1 that lands inside the
 * frame becomes {@code round((1 − a)·background + a·object)} per channel, with a constant
 * opacity a. Exactly those pixels are marked in the anomaly mask: no feathering, so the mask
 * covers the pasted pixels and nothing else.
 */
public final class PastedObject implements SyntheticAnomaly {
    private final Sprite sprite;
    private final Trajectory path;
    private final float opacity;
    private final int height, width;
    private final String description;

    /**
     * @param height  H of the frames it will be pasted on
     * @param width   W of the frames
     * @param opacity a in (0, 1]
     */
    public PastedObject(Sprite sprite, Trajectory path, double opacity, int height, int width, String description) {
        if (!(opacity > 0 && opacity <= 1)) throw new IllegalArgumentException("opacity must be in (0, 1]: " + opacity);
        this.sprite = sprite;
        this.path = path;
        this.opacity = (float) opacity;
        this.height = height;
        this.width = width;
        this.description = description;
    }

    public Sprite sprite() {
        return sprite;
    }

    public Trajectory trajectory() {
        return path;
    }

    public double opacity() {
        return opacity;
    }

    /** Top-left corner of the sprite's box at t + dt: {x, y}. */
    public int[] topLeft(int dt) {
        return new int[] {(int) Math.round(path.x(dt) - sprite.width() / 2.0), (int) Math.round(path.y(dt) - sprite.height() / 2.0)};
    }

    @Override
    public int paste(int dt, byte[] frame, byte[] mask) {
        int[] tl = topLeft(dt);
        int plane = height * width, sPlane = sprite.height() * sprite.width();
        byte[] rgb = sprite.rgb(), m = sprite.mask();
        float a = opacity, b = 1 - opacity;
        int pasted = 0;
        for (int sy = 0; sy < sprite.height(); sy++) {
            int y = tl[1] + sy;
            if (y < 0 || y >= height) continue;
            for (int sx = 0; sx < sprite.width(); sx++) {
                int x = tl[0] + sx;
                int s = sy * sprite.width() + sx;
                if (x < 0 || x >= width || m[s] == 0) continue;
                int p = y * width + x;
                for (int c = 0; c < 3; c++) {
                    float v = b * (frame[c * plane + p] & 0xFF) + a * (rgb[c * sPlane + s] & 0xFF);
                    frame[c * plane + p] = (byte) Math.min(255, (int) (v + 0.5f));
                }
                if (mask != null) mask[p] = 1;
                pasted++;
            }
        }
        return pasted;
    }

    @Override
    public String description() {
        return description;
    }
}
