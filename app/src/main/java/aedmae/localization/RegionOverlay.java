package aedmae.localization;

import aedmae.datasets.regions.Box;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws boxes on an overlay image: the ground-truth regions in green, the detected regions in red
 * with their score; the strongest detection of the frame is drawn thick. Boxes are given in their
 * own pixel grid and scaled to the image.
 */
public final class RegionOverlay {
    private RegionOverlay() {}

    public static final Color TRUTH = new Color(40, 220, 60), DETECTED = new Color(255, 40, 40);

    /**
     * Draws onto image (modified).
     *
     * @param detected    detections in a {@code detectedW × detectedH} grid
     * @param truth       ground-truth boxes in a {@code truthW × truthH} grid; may be empty
     */
    public static void draw(BufferedImage image, List<ScoredBox> detected, int detectedW, int detectedH,
                            List<Box> truth, int truthW, int truthH) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        double tx = (double) image.getWidth() / Math.max(1, truthW), ty = (double) image.getHeight() / Math.max(1, truthH);
        g.setColor(TRUTH);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        for (Box b : truth) rect(g, b.scaled(tx, ty));
        double dx = (double) image.getWidth() / detectedW, dy = (double) image.getHeight() / detectedH;
        double best = detected.stream().mapToDouble(ScoredBox::score).max().orElse(Double.NaN);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        for (ScoredBox d : detected) {
            Box b = d.box().scaled(dx, dy);
            g.setColor(DETECTED);
            g.setStroke(new BasicStroke(d.score() == best ? 2.5f : 1f));
            rect(g, b);
            g.drawString(String.format(Locale.ROOT, "%.3g", d.score()), (float) b.x0() + 2, (float) Math.max(11, b.y0() - 2));
        }
        g.dispose();
    }

    private static void rect(Graphics2D g, Box b) {
        g.drawRect((int) Math.round(b.x0()), (int) Math.round(b.y0()), (int) Math.max(1, Math.round(b.width()) - 1), (int) Math.max(1, Math.round(b.height()) - 1));
    }
}
