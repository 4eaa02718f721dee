package aedmae.datasets.image;

import java.awt.image.BufferedImage;

/**
 * One RGB uint8 image in planar layout [3, H, W] (channel-major: all R, then all G, then all B),
 * the layout of the model's tensors and of the frame cache. Bytes are unsigned (use
 * {@code b & 0xFF}).
 *
 * @param height H
 * @param width  W
 * @param chw    [3, H, W] pixel values; length 3·H·W
 */
public record RgbFrame(int height, int width, byte[] chw) {
    public RgbFrame {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("empty frame " + width + "x" + height);
        if (chw.length != 3 * height * width)
            throw new IllegalArgumentException("expected " + 3 * height * width + " bytes, got " + chw.length);
    }

    /** A black frame. */
    public static RgbFrame blank(int height, int width) {
        return new RgbFrame(height, width, new byte[3 * height * width]);
    }

    /** Value of channel c at row y, column x, 0..255. */
    public int at(int c, int y, int x) {
        return chw[(c * height + y) * width + x] & 0xFF;
    }

    /** Pixels per channel plane, H·W. */
    public int planeSize() {
        return height * width;
    }

    /** "WxH", the way image sizes are usually written. */
    public String sizeText() {
        return width + "x" + height;
    }

    /** An independent copy. */
    public RgbFrame copy() {
        return new RgbFrame(height, width, chw.clone());
    }

    /**
     * Converts any BufferedImage to planar RGB; grayscale images are replicated to three
     * channels. Fast paths for the byte layouts ImageIO's JPEG and PNG readers produce.
     */
    public static RgbFrame fromImage(BufferedImage img) {
        int h = img.getHeight(), w = img.getWidth(), plane = h * w;
        byte[] out = new byte[3 * plane];
        int type = img.getType();
        java.awt.image.Raster raster = img.getRaster();
        if ((type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_BYTE_GRAY)
                && raster.getDataBuffer() instanceof java.awt.image.DataBufferByte dbb
                && raster.getSampleModel() instanceof java.awt.image.ComponentSampleModel sm
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
            byte[] src = dbb.getData();
            int ps = sm.getPixelStride(), ss = sm.getScanlineStride();
            int[] bo = sm.getBandOffsets();
            if (type == BufferedImage.TYPE_BYTE_GRAY) {
                for (int y = 0; y < h; y++)
                    for (int x = 0, s = y * ss + bo[0]; x < w; x++, s += ps) {
                        byte v = src[s];
                        int o = y * w + x;
                        out[o] = v;
                        out[plane + o] = v;
                        out[2 * plane + o] = v;
                    }
            } else {
                // TYPE_3BYTE_BGR: band 0 is R at offset bo[0] (usually 2), band 1 G, band 2 B
                for (int y = 0; y < h; y++)
                    for (int x = 0, s = y * ss; x < w; x++, s += ps) {
                        int o = y * w + x;
                        out[o] = src[s + bo[0]];
                        out[plane + o] = src[s + bo[1]];
                        out[2 * plane + o] = src[s + bo[2]];
                    }
            }
            return new RgbFrame(h, w, out);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x], o = y * w + x;
                out[o] = (byte) (p >> 16);
                out[plane + o] = (byte) (p >> 8);
                out[2 * plane + o] = (byte) p;
            }
        }
        return new RgbFrame(h, w, out);
    }

    /** This frame as a TYPE_INT_RGB image (for PNG writing and previews). */
    public BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = planeSize();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = y * width + x;
                row[x] = (chw[o] & 0xFF) << 16 | (chw[plane + o] & 0xFF) << 8 | (chw[2 * plane + o] & 0xFF);
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        return img;
    }
}
