package aedmae.datasets;

import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.image.RgbFrame;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

class ImageFilesTest {
    @TempDir
    Path dir;

    @Test
    void pngRoundTripsExactlyInPlanarRgb() {
        RgbFrame f = TestData.scene(12, 20, 3, 0);
        Path png = dir.resolve("a.png");
        ImageFiles.writePng(f, png);
        RgbFrame back = ImageFiles.read(png);
        assertEquals(12, back.height());
        assertEquals(20, back.width());
        assertArrayEquals(f.chw(), back.chw());
        assertArrayEquals(new int[] {12, 20}, ImageFiles.readSize(png));
        // planar layout: channel 1 of pixel (y=2, x=5) sits at (1·H + 2)·W + 5
        assertEquals(f.at(1, 2, 5), back.chw()[(12 + 2) * 20 + 5] & 0xFF);
    }

    @Test
    void jpegDecodesCloseToTheEncodedImage() throws Exception {
        RgbFrame f = smooth(24, 32);
        Path jpg = dir.resolve("a.jpg");
        assertTrue(ImageIO.write(f.toImage(), "jpg", jpg.toFile()));
        RgbFrame back = ImageFiles.read(jpg);
        assertEquals(24, back.height());
        assertEquals(32, back.width());
        double err = 0;
        for (int i = 0; i < f.chw().length; i++) err += Math.abs((f.chw()[i] & 0xFF) - (back.chw()[i] & 0xFF));
        assertTrue(err / f.chw().length < 6, "mean abs error " + err / f.chw().length);
    }

    @Test
    void grayscaleTiffIsReplicatedToThreeChannels() throws Exception {
        BufferedImage g = new BufferedImage(8, 6, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 6; y++) for (int x = 0; x < 8; x++) g.getRaster().setSample(x, y, 0, 30 * y + x);
        Path tif = dir.resolve("001.tif");
        assertTrue(ImageIO.write(g, "tiff", tif.toFile()));
        RgbFrame f = ImageFiles.read(tif);
        for (int c = 0; c < 3; c++) assertEquals(30 * 4 + 7, f.at(c, 4, 7));
    }

    @Test
    void truncatedJpegIsAnErrorNamingTheFile() throws Exception {
        Path jpg = dir.resolve("007.jpg");
        ImageIO.write(smooth(64, 64).toImage(), "jpg", jpg.toFile());
        byte[] all = Files.readAllBytes(jpg);
        Files.write(jpg, Arrays.copyOf(all, all.length / 2));
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFiles.read(jpg));
        assertEquals(jpg, e.path());
        assertTrue(e.getMessage().startsWith(jpg + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void truncatedPngGarbageAndEmptyFilesAreErrors() throws Exception {
        Path png = dir.resolve("a.png");
        ImageFiles.writePng(TestData.scene(32, 32, 0, 0), png);
        byte[] all = Files.readAllBytes(png);
        Files.write(png, Arrays.copyOf(all, all.length / 2));
        assertEquals(png, assertThrows(DatasetException.class, () -> ImageFiles.read(png)).path());

        Path junk = dir.resolve("b.jpg");
        Files.writeString(junk, "this is not an image");
        assertTrue(assertThrows(DatasetException.class, () -> ImageFiles.read(junk)).problem().contains("not a readable image"));

        Path empty = dir.resolve("c.png");
        Files.write(empty, new byte[0]);
        assertTrue(assertThrows(DatasetException.class, () -> ImageFiles.read(empty)).problem().contains("empty file"));

        assertThrows(DatasetException.class, () -> ImageFiles.read(dir.resolve("missing.png")));
    }

    /** A smooth image (JPEG-friendly). */
    static RgbFrame smooth(int h, int w) {
        byte[] px = new byte[3 * h * w];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) px[(c * h + y) * w + x] = (byte) (40 + 3 * x + 2 * y + 30 * c);
        return new RgbFrame(h, w, px);
    }
}
