package aedmae.datasets;

import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.image.RgbFrame;
import aedmae.datasets.prepare.DatasetPreparer;
import aedmae.datasets.prepare.PrepareOptions;
import aedmae.datasets.prepare.PrepareReport;
import aedmae.datasets.prepare.PrepareReport.Severity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

class DatasetPreparerTest {
    @TempDir
    Path dir;

    private PrepareOptions options() {
        return PrepareOptions.defaults(12, 16).withCacheDir(dir.resolve("cache")).withThreads(2)
                .withGradientModes(EnumSet.allOf(GradientMode.class));
    }

    @Test
    void aGoodDatasetIsCheckedCachedAndPreviewed() throws Exception {
        Path root = dir.resolve("toy");
        TestData.frameFolder(root.resolve("training/frames/01"), 12, 32, 48, 0);
        TestData.frameFolder(root.resolve("training/frames/02"), 12, 32, 48, 1);
        TestData.frameFolder(root.resolve("testing/frames/01"), 6, 32, 48, 2);
        TestData.frameFolder(root.resolve("testing/frames/02"), 4, 32, 48, 3);
        LayoutDetectorTest.writeGt(root.resolve("toy.mat"), new int[][] {{3, 4}}, new int[][] {{1, 4}});
        List<String> progress = new ArrayList<>();
        PrepareReport r = new DatasetPreparer(options().withProgress((s, v, f, d, t) -> {
            synchronized (progress) {
                progress.add(s.folder() + "/" + v + " " + d + "/" + t);
            }
        })).prepare(root);
        assertFalse(r.hasErrors(), r.toTable());
        assertNull(r.firstError());
        assertEquals(4, progress.size());
        assertEquals(24, r.frames(Split.TRAIN));
        assertEquals(10, r.frames(Split.TEST));
        assertEquals(6, r.abnormalFrames());
        assertEquals(34, r.framesDecoded());
        String table = r.toTable();
        assertTrue(table.contains("training  01"), table);
        assertTrue(table.contains("testing   02"), table);
        assertTrue(table.contains("3-4"), table);
        assertTrue(table.contains("48x32"), table);
        assertTrue(table.contains("total: 2 training videos, 24 frames; 2 test videos, 10 frames, 6 abnormal"), table);
        // video 02 is abnormal in every frame: noted, not an error
        assertTrue(r.issues().stream().anyMatch(i -> i.severity() == Severity.INFO && i.message().startsWith("every frame is abnormal")));
        assertTrue(Files.isRegularFile(dir.resolve("cache/training/01.frames")));
        assertTrue(Files.isRegularFile(dir.resolve("cache/training/01.grad-median")));
        assertTrue(Files.isRegularFile(dir.resolve("cache/testing/02.grad-plain")));
        assertTrue(Files.isRegularFile(dir.resolve("cache/manifest.json")));
        RgbFrame preview = ImageFiles.read(r.preview());
        assertEquals(4 * 12 + 3 * 4, preview.height()); // target, input t, input's last neighbour, gradient
        assertEquals(10 * (16 + 4) - 4, preview.width()); // 2 samples of each of the 5 kinds (the sped-up object included)
        assertNotNull(r.sceneMotion());
        assertTrue(r.toTable().contains("scene motion"), r.toTable());

        // a second run finds every cache file fresh and decodes nothing
        PrepareReport again = new DatasetPreparer(options().withPreview(false)).prepare(root);
        assertEquals(0, again.framesDecoded());
        assertTrue(again.rows().stream().allMatch(row -> row.cache().equals("fresh")), again.toTable());
    }

    @Test
    void problemsAreCollectedPerVideoWithTheirFiles() throws Exception {
        Path root = dir.resolve("bad");
        TestData.frameFolder(root.resolve("training/frames/01"), 4, 32, 48, 0);
        Path trunc = TestData.frameFolder(root.resolve("training/frames/02"), 4, 32, 48, 1);
        byte[] all = Files.readAllBytes(trunc.resolve("002.png"));
        Files.write(trunc.resolve("002.png"), java.util.Arrays.copyOf(all, all.length / 3));
        Files.createDirectories(root.resolve("training/frames/03")); // empty
        Path sizes = TestData.frameFolder(root.resolve("testing/frames/01"), 5, 32, 48, 2);
        ImageFiles.writePng(TestData.scene(30, 48, 4, 2), sizes.resolve("004.png"));
        TestData.frameFolder(root.resolve("testing/frames/02"), 4, 32, 48, 3);
        Path gap = TestData.frameFolder(root.resolve("testing/frames/03"), 4, 32, 48, 4);
        Files.move(gap.resolve("003.png"), gap.resolve("009.png"));
        Files.createDirectories(root.resolve("testing/labels"));
        Files.writeString(root.resolve("testing/labels/01.txt"), "0\n0\n1\n1\n1\n");
        Files.writeString(root.resolve("testing/labels/02.txt"), "0\n0\n1\n1\n1\n0\n"); // 6 labels, 4 frames
        Files.writeString(root.resolve("testing/labels/03.txt"), "0\n1\n1\n0\n");

        PrepareReport r = new DatasetPreparer(options()).prepare(root);
        assertTrue(r.hasErrors());
        String table = r.toTable();
        assertError(r, trunc.resolve("002.png"), "unreadable image");
        assertError(r, root.resolve("training/frames/03"), "empty folder");
        assertError(r, sizes.resolve("004.png"), "frame 4 is 48x30 but frame 0 is 48x32");
        assertError(r, root.resolve("testing/labels/02.txt"), "labels give 6 frames but the video has 4");
        assertTrue(r.issues().stream().anyMatch(i -> i.severity() == Severity.WARNING && i.message().contains("jump from 2 to 9")), table);
        assertNull(r.preview(), "no preview from a training set with errors");
        assertEquals(r.errors().get(0).path(), r.firstError().path());
        assertFalse(r.firstError().getMessage().contains("\n"));
        assertFalse(Files.exists(dir.resolve("cache/training/02.frames")));
        assertTrue(Files.exists(dir.resolve("cache/training/01.frames"))); // good videos are still cached
        assertTrue(table.contains("4 errors"), table);
    }

    @Test
    void aVideoWhoseContainerCountDisagreesWithItsFramesIsCaught() throws Exception {
        // 10 frames encoded, but the mp4's edit list drops the last one when decoding;
        // labels written for the 10 frames the container claims no longer fit
        Files.createDirectories(dir.resolve("cam"));
        Path mp4 = TestVideoEncoder.encode(dir.resolve("cam/clip.mp4"), TestData.scenes(10, 32, 48, 0), "mpeg4", false);
        Files.writeString(dir.resolve("cam/clip.txt"), "0\n0\n0\n0\n0\n1\n1\n1\n1\n1\n");
        Dataset ds = Dataset.open(mp4);
        assertEquals(10, ds.test().get(0).frameCount()); // packets
        PrepareReport r = new DatasetPreparer(options()).prepare(ds);
        assertEquals(9, r.rows().get(0).frames());
        assertTrue(r.issues().stream().anyMatch(i -> i.severity() == Severity.WARNING
                && i.message().equals("container has 10 video packets but 9 frames decode; using 9")), r.toTable());
        assertError(r, dir.resolve("cam/clip.txt"), "labels give 10 frames but the video has 9");
    }

    @Test
    void checkOnlyDecodesWithoutWriting() {
        Path clip = TestData.frameFolder(dir.resolve("clip"), 5, 32, 48, 0);
        PrepareReport r = new DatasetPreparer(options().withBuildCache(false)).prepare(clip);
        assertFalse(r.hasErrors(), r.toTable());
        assertEquals(5, r.framesDecoded());
        assertEquals("checked", r.rows().get(0).cache());
        assertNull(r.cacheDir());
        assertFalse(Files.exists(dir.resolve("cache")));
    }

    @Test
    void anUnknownLayoutThrows() throws Exception {
        Path odd = Files.createDirectories(dir.resolve("odd"));
        Files.writeString(odd.resolve("readme.md"), "nothing here");
        DatasetException e = assertThrows(DatasetException.class, () -> new DatasetPreparer(options()).prepare(odd));
        assertTrue(e.getMessage().startsWith(odd.toAbsolutePath() + ": unknown dataset layout"), e.getMessage());
    }

    private static void assertError(PrepareReport r, Path path, String message) {
        assertTrue(r.errors().stream().anyMatch(i -> i.path().toAbsolutePath().equals(path.toAbsolutePath()) && i.message().contains(message)),
                "no error '" + message + "' for " + path + " in\n" + r.toTable());
    }
}
