package aedmae.datasets;

import aedmae.datasets.cache.CacheFile;
import aedmae.datasets.cache.FrameCache;
import aedmae.datasets.frames.CachedFrameStore;
import aedmae.datasets.frames.DecodingFrameStore;
import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.gradient.MotionGradient;
import aedmae.datasets.image.BilinearResize;
import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.image.RgbFrame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

class FrameCacheTest {
    private static final int H = 12, W = 16;

    @TempDir
    Path dir;

    @Test
    void cachedFramesAndGradientsEqualTheDecodedOnes() throws Exception {
        Dataset ds = Dataset.open(TestData.frameFolder(dir.resolve("clip"), 8, 24, 32, 0));
        Video v = ds.test().get(0);
        FrameCache cache = new FrameCache(dir.resolve("cache"), H, W);
        FrameCache.BuildResult r = cache.ensure(v, EnumSet.allOf(GradientMode.class));
        assertTrue(r.built());
        assertEquals(8, r.frames());
        assertEquals(32, r.sourceWidth());
        assertEquals(24, r.sourceHeight());

        CacheFile.Header h = CacheFile.readHeader(cache.framesFile(v));
        assertEquals(CacheFile.Kind.FRAMES, h.kind());
        assertEquals(8, h.count());
        assertEquals(3, h.channels());
        assertEquals(H, h.height());
        assertEquals(W, h.width());

        // the documented layout: image t at byte 64 + t·3·H·W
        byte[] raw = Files.readAllBytes(cache.framesFile(v));
        assertEquals(64 + 8 * 3 * H * W, raw.length);
        assertEquals("AEDMAEC1", new String(raw, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        byte[][] resized = new byte[8][];
        for (int t = 0; t < 8; t++) {
            resized[t] = BilinearResize.resize(ImageFiles.read(((FrameFolder) v.source()).files().get(t)), H, W).chw();
            assertArrayEquals(resized[t], java.util.Arrays.copyOfRange(raw, 64 + t * 3 * H * W, 64 + (t + 1) * 3 * H * W));
        }
        // gradients: |M(t−1) − M(t+1)|, with frame t standing in for a missing neighbour
        for (GradientMode mode : GradientMode.values()) {
            try (CachedFrameStore cached = new CachedFrameStore(cache, List.of(v), mode);
                 DecodingFrameStore decoding = new DecodingFrameStore(List.of(v), H, W, mode)) {
                assertTrue(cached.cached());
                byte[] a = new byte[3 * H * W], b = new byte[3 * H * W], expected = new byte[3 * H * W];
                for (int t = 0; t < 8; t++) {
                    cached.readGradient(0, t, a, 0);
                    decoding.readGradient(0, t, b, 0);
                    MotionGradient.compute(resized[Math.max(0, t - 1)], resized[Math.min(7, t + 1)], H, W, mode, expected, 0);
                    assertArrayEquals(expected, a, mode + " frame " + t);
                    assertArrayEquals(expected, b, mode + " frame " + t);
                    cached.readFrame(0, t, a, 0);
                    assertArrayEquals(resized[t], a);
                }
            }
        }
        // the moving square makes motion: some gradient is large
        byte[] g = new byte[3 * H * W];
        try (CachedFrameStore s = new CachedFrameStore(cache, List.of(v), GradientMode.MEDIAN)) {
            s.readGradient(0, 3, g, 0);
        }
        int max = 0;
        for (byte x : g) max = Math.max(max, x & 0xFF);
        assertTrue(max > 50, "max gradient " + max);
        try (Stream<Path> files = Files.walk(cache.dir())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left");
        }
    }

    @Test
    void staleCachesAreDetectedAndRebuilt() throws Exception {
        Path clip = TestData.frameFolder(dir.resolve("clip"), 4, 24, 32, 0);
        Video v = Dataset.open(clip).test().get(0);
        FrameCache cache = new FrameCache(dir.resolve("cache"), H, W);
        EnumSet<GradientMode> median = EnumSet.of(GradientMode.MEDIAN);
        assertFalse(cache.status(v).fresh(median));
        assertTrue(cache.ensure(v, median).built());
        assertTrue(cache.status(v).fresh(median));
        assertFalse(cache.ensure(v, median).built());            // second time: nothing to do
        assertFalse(cache.status(v).fresh(EnumSet.of(GradientMode.PLAIN)));
        assertFalse(new FrameCache(cache.dir(), 10, 10).status(v).framesFresh()); // another size

        // a changed source frame makes the cache stale
        Path f2 = clip.resolve("002.png");
        ImageFiles.writePng(TestData.scene(24, 32, 7, 3), f2);
        Files.setLastModifiedTime(f2, FileTime.fromMillis(Files.getLastModifiedTime(f2).toMillis() + 5000));
        Video again = Dataset.open(clip).test().get(0);
        assertFalse(cache.status(again).fresh(median));
        assertTrue(cache.ensure(again, median).built());
        byte[] got = new byte[3 * H * W];
        try (CachedFrameStore s = new CachedFrameStore(cache, List.of(again), GradientMode.MEDIAN)) {
            s.readFrame(0, 2, got, 0);
        }
        assertArrayEquals(BilinearResize.resize(TestData.scene(24, 32, 7, 3), H, W).chw(), got);
    }

    @Test
    void videoFilesAreCachedFromTheirDecodedFrames() {
        List<RgbFrame> frames = TestData.scenes(5, 24, 32, 1);
        Path mkv = TestData.encode(dir.resolve("clip.mkv"), frames, "ffv1");
        Video v = Dataset.open(mkv).test().get(0);
        FrameCache cache = new FrameCache(dir.resolve("cache"), H, W);
        FrameCache.BuildResult r = cache.ensure(v, EnumSet.of(GradientMode.MEDIAN));
        assertEquals(5, r.frames());
        assertEquals(5, r.packets());
        assertTrue(r.notes().isEmpty());
        byte[] got = new byte[3 * H * W];
        try (CachedFrameStore s = new CachedFrameStore(cache, List.of(v), GradientMode.MEDIAN)) {
            assertEquals(5, s.frameCount(0));
            s.readFrame(0, 4, got, 0);
        }
        assertArrayEquals(BilinearResize.resize(frames.get(4), H, W).chw(), got);
    }

    @Test
    void badFramesAreErrorsNamingTheFileAndLeaveNoCache() throws Exception {
        FrameCache cache = new FrameCache(dir.resolve("cache"), H, W);
        EnumSet<GradientMode> median = EnumSet.of(GradientMode.MEDIAN);

        Path sizes = TestData.frameFolder(dir.resolve("sizes"), 3, 24, 32, 0);
        ImageFiles.writePng(TestData.scene(20, 32, 2, 0), sizes.resolve("002.png"));
        Video v1 = Dataset.open(sizes).test().get(0);
        DatasetException e = assertThrows(DatasetException.class, () -> cache.ensure(v1, median));
        assertEquals(sizes.resolve("002.png").toAbsolutePath(), e.path().toAbsolutePath());
        assertEquals("frame 2 is 32x20 but frame 0 is 32x24", e.problem());
        assertFalse(Files.exists(cache.framesFile(v1)));

        Path trunc = TestData.frameFolder(dir.resolve("trunc"), 3, 24, 32, 0);
        byte[] all = Files.readAllBytes(trunc.resolve("001.png"));
        Files.write(trunc.resolve("001.png"), java.util.Arrays.copyOf(all, all.length / 2));
        Video v2 = Dataset.open(trunc).test().get(0);
        assertEquals(trunc.resolve("001.png").toAbsolutePath(),
                assertThrows(DatasetException.class, () -> cache.ensure(v2, median)).path().toAbsolutePath());

        Path root = dir.resolve("ds");
        TestData.frameFolder(root.resolve("training/frames/01"), 2, 24, 32, 0);
        Files.createDirectories(root.resolve("training/frames/02"));
        Video empty = Dataset.open(root).train().get(1);
        DatasetException e3 = assertThrows(DatasetException.class, () -> cache.ensure(empty, median));
        assertTrue(e3.problem().startsWith("empty folder"), e3.problem());
        try (Stream<Path> files = Files.walk(cache.dir())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left");
        }
    }
}
