package aedmae.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnomalyOverlayTest {
    @TempDir
    Path tmp;

    @Test
    void overlayPngHasTheFrameSizeAndColoursTheHotRegion() throws IOException {
        int h = 24, w = 36;
        BufferedImage frame = FrameImages.fromChw(new float[3 * h * w], 3, h, w, -1, 1); // mid grey (0 -> 128)
        assertEquals(0x808080, frame.getRGB(0, 0) & 0xFFFFFF);
        // A 6x9 map (the frame at 1/4 scale) hot in one cell.
        float[] map = new float[6 * 9];
        map[2 * 9 + 3] = 1;
        Path f = tmp.resolve("o.png");
        AnomalyOverlay.write(f, frame, map, 6, 9, OverlayStyle.defaults());
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img);
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        assertEquals(0x808080, img.getRGB(0, 0) & 0xFFFFFF, "value 0 with alpha-by-value leaves the frame as it is");
        // Centre of the hot cell: value 1 is jet's dark red 0x800000 at opacity 0.6 over grey 0x80.
        assertEquals(0x803333, img.getRGB(3 * 4 + 1, 2 * 4 + 1) & 0xFFFFFF);
        assertEquals(0x803333, img.getRGB(3 * 4 + 2, 2 * 4 + 2) & 0xFFFFFF);
    }

    @Test
    void boxesSurroundConnectedHighRegions() {
        int h = 10, w = 10;
        double[] v = new double[h * w];
        for (int y = 2; y <= 4; y++) for (int x = 1; x <= 3; x++) v[y * w + x] = 1; // 9 pixels
        v[8 * w + 8] = 1; // 1 pixel: too small
        List<int[]> boxes = AnomalyOverlay.regionBoxes(v, h, w, 0.5, 4);
        assertEquals(1, boxes.size());
        assertArrayEquals(new int[] {1, 2, 3, 4}, boxes.get(0));
        assertEquals(2, AnomalyOverlay.regionBoxes(v, h, w, 0.5, 1).size());
    }

    @Test
    void bilinearResizeKeepsConstantsAndCorners() {
        float[] out = AnomalyOverlay.resizeBilinear(new float[] {2, 2, 2, 2}, 2, 2, 5, 7);
        for (float o : out) assertEquals(2f, o, 1e-6f);
        float[] ramp = AnomalyOverlay.resizeBilinear(new float[] {0, 1}, 1, 2, 1, 4);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, ramp, 1e-6f);
    }

    @Test
    void rgbBytesAndColormaps() {
        BufferedImage img = FrameImages.fromRgbHwc(new byte[] {(byte) 255, 0, 10, 1, 2, 3}, 1, 2);
        assertEquals(0xFF000A, img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x010203, img.getRGB(1, 0) & 0xFFFFFF);
        assertEquals(0x000080, Colormap.JET.rgb(0));
        assertEquals(0x800000, Colormap.JET.rgb(1));
        assertEquals(0xFFFFFF, Colormap.HOT.rgb(1));
        assertEquals(0x000000, Colormap.GRAY.rgb(Double.NaN));
    }

    @Test
    void stripLaysFramesSideBySide() throws IOException {
        BufferedImage a = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = new BufferedImage(40, 25, BufferedImage.TYPE_INT_RGB);
        Path f = tmp.resolve("strip.png");
        FrameStrip.write(f, List.of(a, b), List.of("t=0", "t=1"));
        BufferedImage s = ImageIO.read(f.toFile());
        assertEquals(30 + 40 + 3 * FrameStrip.GAP, s.getWidth());
        assertEquals(25 + 2 * FrameStrip.GAP + FrameStrip.CAPTION_HEIGHT, s.getHeight());
    }

    @Test
    void overlayOnARealPed2Frame() throws IOException {
        Path ped2 = Path.of(System.getProperty("aedmae.ped2", "../shared/datasets/ped2"));
        Path jpg = ped2.resolve("testing/frames/01/000.jpg");
        Assumptions.assumeTrue(Files.isRegularFile(jpg), "UCSD Ped2 not found at " + ped2 + "; skipping");
        BufferedImage frame = ImageIO.read(jpg.toFile());
        float[] map = new float[60 * 90]; // patch-4 grid of a 240x360 frame
        for (int i = 0; i < map.length; i++) map[i] = (i % 90) / 90f;
        Path f = tmp.resolve("ped2.png");
        AnomalyOverlay.write(f, frame, map, 60, 90, OverlayStyle.defaults().withBoxes(0.9, 16));
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(360, img.getWidth());
        assertEquals(240, img.getHeight());
    }
}
