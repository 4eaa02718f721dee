package aedmae.report;

import aedmae.datasets.regions.Box;
import aedmae.datasets.regions.ConnectedComponents;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A frame with its anomaly map drawn over it as a colour-mapped heat map, optionally with boxes
 * around the high regions (the paper's figures draw the regions judged abnormal).
 */
public final class AnomalyOverlay {
    private AnomalyOverlay() {}

    /**
     * Renders the overlay at the frame's size.
     *
     * @param frame the frame; not modified
     * @param map   {@code [mapH, mapW]} anomaly map; resized bilinearly to the frame when its size differs; not modified
     * @param mapH  map height
     * @param mapW  map width
     * @param style colours, opacity, value range, boxes
     * @return a new RGB image of the frame's size
     */
    public static BufferedImage render(BufferedImage frame, float[] map, int mapH, int mapW, OverlayStyle style) {
        Headless.ensure();
        if (map.length != mapH * mapW) throw new IllegalArgumentException("anomaly map has " + map.length + " values, expected " + mapH + "x" + mapW);
        int h = frame.getHeight(), w = frame.getWidth();
        float[] m = (mapH == h && mapW == w) ? map : resizeBilinear(map, mapH, mapW, h, w);
        double lo = style.vmin(), hi = style.vmax();
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
            for (float v : m) {
                mn = Math.min(mn, v);
                mx = Math.max(mx, v);
            }
            if (Double.isNaN(lo)) lo = mn;
            if (Double.isNaN(hi)) hi = mx;
        }
        double range = hi > lo ? hi - lo : 1;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double[] value = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                double v = (m[p] - lo) / range;
                v = v < 0 ? 0 : Math.min(v, 1);
                value[p] = v;
                double a = style.alphaByValue() ? style.alpha() * v : style.alpha();
                int f = frame.getRGB(x, y), c = style.colormap().rgb(v);
                out.setRGB(x, y, blend(f, c, a));
            }
        }
        if (!Double.isNaN(style.boxThreshold())) {
            Graphics2D g = out.createGraphics();
            g.setColor(style.boxColor());
            g.setStroke(new BasicStroke(2f));
            for (int[] box : regionBoxes(value, h, w, style.boxThreshold(), style.minBoxArea())) {
                g.drawRect(box[0], box[1], box[2] - box[0], box[3] - box[1]);
            }
            g.dispose();
        }
        return out;
    }

    /** Renders the overlay and writes it as PNG (parent folders created). */
    public static void write(Path file, BufferedImage frame, float[] map, int mapH, int mapW, OverlayStyle style) throws IOException {
        writePng(file, render(frame, map, mapH, mapW, style));
    }

    /** Writes an image as PNG (parent folders created). */
    public static void writePng(Path file, BufferedImage image) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(image, "png", file.toFile())) throw new IOException(file + ": no PNG writer available");
    }

    /**
     * Bounding boxes {@code {x0, y0, x1, y1}} (inclusive) of the 8-connected regions where
     * {@code value >= threshold}, for regions of at least {@code minArea} pixels.
     *
     * @param value {@code [H, W]}; not modified
     */
    public static List<int[]> regionBoxes(double[] value, int h, int w, double threshold, int minArea) {
        boolean[] on = new boolean[h * w];
        for (int i = 0; i < on.length; i++) on[i] = value[i] >= threshold;
        List<int[]> boxes = new ArrayList<>();
        for (ConnectedComponents.Component c : ConnectedComponents.find(on, h, w, minArea)) {
            Box b = c.box();
            boxes.add(new int[] {(int) b.x0(), (int) b.y0(), (int) b.x1() - 1, (int) b.y1() - 1});
        }
        return boxes;
    }

    /**
     * Bilinear resize with pixel centres aligned ({@code align_corners=False}), edges clamped.
     *
     * @param map {@code [h, w]}; not modified
     * @return {@code [outH, outW]}
     */
    public static float[] resizeBilinear(float[] map, int h, int w, int outH, int outW) {
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / outH - 0.5));
            int y0 = (int) Math.floor(sy), y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < outW; x++) {
                double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / outW - 0.5));
                int x0 = (int) Math.floor(sx), x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                double top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
                double bot = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
                out[y * outW + x] = (float) (top * (1 - fy) + bot * fy);
            }
        }
        return out;
    }

    private static int blend(int frame, int colour, double a) {
        int r = mix((frame >> 16) & 0xFF, (colour >> 16) & 0xFF, a);
        int g = mix((frame >> 8) & 0xFF, (colour >> 8) & 0xFF, a);
        int b = mix(frame & 0xFF, colour & 0xFF, a);
        return (r << 16) | (g << 8) | b;
    }

    private static int mix(int f, int c, double a) {
        return (int) Math.round((1 - a) * f + a * c);
    }
}
