package aedmae.report;

import java.awt.image.BufferedImage;

/** Conversions from the frame layouts the pipeline holds to {@link BufferedImage}s for overlays. */
public final class FrameImages {
    private FrameImages() {}

    /**
     * An RGB image from interleaved 8-bit pixels.
     *
     * @param rgb    {@code [H, W, 3]} bytes R, G, B per pixel (unsigned); not modified
     * @param height H
     * @param width  W
     */
    public static BufferedImage fromRgbHwc(byte[] rgb, int height, int width) {
        if (rgb.length != height * width * 3) {
            throw new IllegalArgumentException("RGB frame has " + rgb.length + " bytes, expected " + height + "x" + width + "x3");
        }
        Headless.ensure();
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = 3 * (y * width + x);
                img.setRGB(x, y, ((rgb[i] & 0xFF) << 16) | ((rgb[i + 1] & 0xFF) << 8) | (rgb[i + 2] & 0xFF));
            }
        }
        return img;
    }

    /**
     * An RGB image from a planar float frame, mapping {@code lo → 0} and {@code hi → 255} (e.g.
     * lo = −1, hi = 1 for the model's input scaling (v − 127.5)/127.5, or 0 and 255).
     *
     * @param chw      {@code [C, H, W]} with C = 1 (grey) or 3 (RGB); not modified
     * @param channels C
     * @param height   H
     * @param width    W
     */
    public static BufferedImage fromChw(float[] chw, int channels, int height, int width, double lo, double hi) {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("frame must have 1 or 3 channels, got " + channels);
        int plane = height * width;
        if (chw.length != channels * plane) {
            throw new IllegalArgumentException("frame has " + chw.length + " values, expected " + channels + "x" + height + "x" + width);
        }
        if (!(hi > lo)) throw new IllegalArgumentException("frame value range must have hi > lo, got " + lo + ", " + hi);
        Headless.ensure();
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        double scale = 255.0 / (hi - lo);
        for (int p = 0; p < plane; p++) {
            int r = to8((chw[p] - lo) * scale);
            int g = channels == 3 ? to8((chw[plane + p] - lo) * scale) : r;
            int b = channels == 3 ? to8((chw[2 * plane + p] - lo) * scale) : r;
            img.setRGB(p % width, p / width, (r << 16) | (g << 8) | b);
        }
        return img;
    }

    private static int to8(double v) {
        long r = Math.round(v);
        return (int) Math.max(0, Math.min(255, r));
    }
}
