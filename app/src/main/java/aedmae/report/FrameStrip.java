package aedmae.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Several frames (e.g. overlays of one video) side by side in one PNG, each with a caption below. */
public final class FrameStrip {
    private FrameStrip() {}

    /** Pixels between images and around the strip. */
    public static final int GAP = 6;
    /** Height of the caption band under each image. */
    public static final int CAPTION_HEIGHT = 20;

    /**
     * Lays the images out left to right on white, each image's caption centred under it.
     *
     * @param images   the frames; not modified
     * @param captions one caption per image (may be empty strings), or null for no caption band
     * @return width = Σ widths + (n + 1)·GAP, height = max height + 2·GAP (+ CAPTION_HEIGHT with captions)
     */
    public static BufferedImage render(List<BufferedImage> images, List<String> captions) {
        Headless.ensure();
        if (images.isEmpty()) throw new IllegalArgumentException("frame strip of no images");
        if (captions != null && captions.size() != images.size()) {
            throw new IllegalArgumentException("frame strip: " + images.size() + " images but " + captions.size() + " captions");
        }
        int w = GAP, h = 0;
        for (BufferedImage img : images) {
            w += img.getWidth() + GAP;
            h = Math.max(h, img.getHeight());
        }
        int total = h + 2 * GAP + (captions == null ? 0 : CAPTION_HEIGHT);
        BufferedImage strip = new BufferedImage(w, total, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = strip.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, total);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        int x = GAP;
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            g.drawImage(img, x, GAP, null);
            if (captions != null) {
                String c = captions.get(i);
                g.drawString(c, x + (img.getWidth() - fm.stringWidth(c)) / 2, GAP + h + fm.getAscent() + 2);
            }
            x += img.getWidth() + GAP;
        }
        g.dispose();
        return strip;
    }

    /** Renders the strip and writes it as PNG. */
    public static void write(Path file, List<BufferedImage> images, List<String> captions) throws IOException {
        AnomalyOverlay.writePng(file, render(images, captions));
    }
}
