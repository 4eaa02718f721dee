package aedmae.datasets.loader;

import aedmae.datasets.image.ImageFiles;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A PNG strip showing synthetic anomalies the way the model gets them, one column per sample
 * and four rows: the clean target frame t; the input frame t with the anomaly map outlined in
 * red just outside it (like the paper's Fig. 3); the input's last neighbour (t + 3, or t + 3s
 * for a temporal jump, and t + 3s inside the window of a sped-up object), where the object's motion shows; the motion gradient (largest channel,
 * doubled for visibility, as gray).
 */
public final class SyntheticPreview {
    private static final int GAP = 4;

    private SyntheticPreview() {}

    public static void write(Path png, List<Sample> samples) {
        ImageFiles.writePng(render(samples), png);
    }

    public static BufferedImage render(List<Sample> samples) {
        if (samples.isEmpty()) throw new IllegalArgumentException("no samples to preview");
        int h = samples.get(0).height(), w = samples.get(0).width(), plane = h * w;
        BufferedImage img = new BufferedImage(samples.size() * (w + GAP) - GAP, 4 * h + 3 * GAP, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            int x0 = i * (w + GAP);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    img.setRGB(x0 + x, y, rgb(s.target(), 0, plane, p));
                    boolean edge = s.anomalyMap()[p] == 0 && touchesMask(s.anomalyMap(), h, w, y, x);
                    img.setRGB(x0 + x, h + GAP + y, edge ? 0xFF0000 : rgb(s.input(), 3 * plane, plane, p));
                    float g = Math.max(s.gradient()[p], Math.max(s.gradient()[plane + p], s.gradient()[2 * plane + p]));
                    int v = Math.min(255, (int) (2 * g));
                    img.setRGB(x0 + x, 2 * (h + GAP) + y, rgb(s.input(), 6 * plane, plane, p));
                    img.setRGB(x0 + x, 3 * (h + GAP) + y, v << 16 | v << 8 | v);
                }
        }
        return img;
    }

    /** The pixel of a normalised [3, H, W] block at off, back to 0..255 RGB. */
    private static int rgb(float[] a, int off, int plane, int p) {
        int r = back(a[off + p]), g = back(a[off + plane + p]), b = back(a[off + 2 * plane + p]);
        return r << 16 | g << 8 | b;
    }

    private static int back(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 127.5f + 127.5f)));
    }

    /** Whether a pixel has a 4-neighbour in the mask (the outer contour, so the object stays visible). */
    private static boolean touchesMask(float[] m, int h, int w, int y, int x) {
        return (y > 0 && m[(y - 1) * w + x] > 0) || (y < h - 1 && m[(y + 1) * w + x] > 0)
                || (x > 0 && m[y * w + x - 1] > 0) || (x < w - 1 && m[y * w + x + 1] > 0);
    }
}
