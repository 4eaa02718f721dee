package aedmae.datasets;

import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.image.RgbFrame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small files made by the tests: synthetic scenes, frame folders, videos encoded with FFmpeg. */
public final class TestData {
    private TestData() {}

    /**
     * A scene: a static texture (values 50..149) with a bright 6×6 square (250, 240, 230) moving
     * 2 px right per frame from x = 2 + 3·seed, row 4 + seed.
     */
    public static RgbFrame scene(int h, int w, int t, int seed) {
        byte[] px = new byte[3 * h * w];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) px[(c * h + y) * w + x] = (byte) ((x * 7 + y * 13 + c * 50 + seed * 11) % 100 + 50);
        int x0 = (2 + 3 * seed + 2 * t) % Math.max(1, w - 8) + 1, y0 = Math.min(h - 8, 4 + seed) ;
        for (int c = 0; c < 3; c++)
            for (int y = y0; y < y0 + 6; y++)
                for (int x = x0; x < x0 + 6; x++) px[(c * h + y) * w + x] = (byte) (250 - 10 * c);
        return new RgbFrame(h, w, px);
    }

    /** A folder of n PNG frames 000.png ... of {@link #scene}. */
    public static Path frameFolder(Path dir, int n, int h, int w, int seed) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        for (int t = 0; t < n; t++) ImageFiles.writePng(scene(h, w, t, seed), dir.resolve(String.format("%03d.png", t)));
        return dir;
    }

    /** Encodes frames with FFmpeg: codec "ffv1" (lossless) or "mpeg4"; container from the extension. */
    public static Path encode(Path out, List<RgbFrame> frames, String codec) {
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return TestVideoEncoder.encode(out, frames, codec);
    }

    /** n scene frames. */
    public static List<RgbFrame> scenes(int n, int h, int w, int seed) {
        List<RgbFrame> fs = new ArrayList<>();
        for (int t = 0; t < n; t++) fs.add(scene(h, w, t, seed));
        return fs;
    }
}
