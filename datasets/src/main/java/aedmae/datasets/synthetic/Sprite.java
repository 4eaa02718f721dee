package aedmae.datasets.synthetic;

import aedmae.datasets.image.BilinearResize;

/**
 * An object cut out of a frame: its pixels inside the bounding box and a binary mask of which
 * of them belong to the object.
 *
 * @param height h of the bounding box
 * @param width  w of the bounding box
 * @param rgb    [3, h, w] uint8 pixels
 * @param mask   [h, w], 1 on the object, 0 elsewhere
 */
public record Sprite(int height, int width, byte[] rgb, byte[] mask) {
    public Sprite {
        if (rgb.length != 3 * height * width || mask.length != height * width)
            throw new IllegalArgumentException("sprite arrays do not match " + width + "x" + height);
    }

    /** Object pixels (mask = 1). */
    public int area() {
        int n = 0;
        for (byte b : mask) n += b;
        return n;
    }

    /** Scaled to (round(h·s), round(w·s)), at least 1×1: colours bilinear, mask nearest (stays binary). */
    public Sprite scaled(double s) {
        return stretched(s, s);
    }

    /** Scaled by sy vertically and sx horizontally (round(h·sy), round(w·sx)), at least 1×1. */
    public Sprite stretched(double sy, double sx) {
        int h = Math.max(1, (int) Math.round(height * sy)), w = Math.max(1, (int) Math.round(width * sx));
        if (h == height && w == width) return this;
        byte[] rgbOut = new byte[3 * h * w];
        BilinearResize.resize(rgb, 3, height, width, rgbOut, h, w);
        return new Sprite(h, w, rgbOut, BilinearResize.resizeMaskNearest(mask, height, width, h, w));
    }

    /** Mirrored left to right. */
    public Sprite flipped() {
        byte[] r = new byte[rgb.length], m = new byte[mask.length];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) {
                int s = y * width + x, d = y * width + (width - 1 - x);
                m[d] = mask[s];
                for (int c = 0; c < 3; c++) r[c * height * width + d] = rgb[c * height * width + s];
            }
        return new Sprite(height, width, r, m);
    }
}
