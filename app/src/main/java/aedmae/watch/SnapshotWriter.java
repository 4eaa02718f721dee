package aedmae.watch;

import aedmae.report.AnomalyOverlay;
import aedmae.report.OverlayStyle;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The decoded frame with its anomaly map overlaid (and the hot region boxed), as PNG. */
final class SnapshotWriter {
    private SnapshotWriter() {}

    static BufferedImage render(CausalScorer.Scored s, int mapH, int mapW) {
        float max = 0;
        for (float v : s.map()) max = Math.max(max, v);
        float min = max;
        for (float v : s.map()) min = Math.min(min, v);
        OverlayStyle style = OverlayStyle.defaults().withRange(min, Math.max(max, min + 1e-6)).withBoxes(0.5, 4);
        return AnomalyOverlay.render(s.frame().original().toImage(), s.map(), mapH, mapW, style);
    }

    static byte[] png(CausalScorer.Scored s, int mapH, int mapW) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(render(s, mapH, mapW), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, CausalScorer.Scored s, int mapH, int mapW) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, png(s, mapH, mapW));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
