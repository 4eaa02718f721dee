package aedmae.datasets.regions;

import aedmae.datasets.Dataset;
import aedmae.datasets.DatasetException;
import aedmae.datasets.TestData;
import aedmae.datasets.prepare.DatasetPreparer;
import aedmae.datasets.prepare.PrepareOptions;
import aedmae.datasets.prepare.PrepareReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Region-label readers (UCSD .bmp masks, PNG masks, JSON and text box lists), track linking, the finder and prepare. */
class RegionLabelsTest {
    @TempDir
    Path dir;

    /** A mask per frame: rects[t] = {x0, y0, x1, y1} inclusive rectangles (any number), 48×32. */
    static void masks(Path d, String ext, int[][]... rects) throws Exception {
        Files.createDirectories(d);
        for (int t = 0; t < rects.length; t++) {
            BufferedImage g = new BufferedImage(48, 32, BufferedImage.TYPE_BYTE_GRAY);
            for (int[] r : rects[t])
                for (int y = r[1]; y <= r[3]; y++) for (int x = r[0]; x <= r[2]; x++) g.getRaster().setSample(x, y, 0, 255);
            assertTrue(ImageIO.write(g, ext, d.resolve(String.format("%03d.%s", t + 1, ext)).toFile()));
        }
    }

    static final int[][] NONE = {};

    @Test
    void ucsdBmpMasksGiveRegionsAndABrokenTrackStaysOneTrack() throws Exception {
        Path root = dir.resolve("UCSDped2");
        TestData.frameFolder(root.resolve("Train/Train001"), 3, 32, 48, 0);
        TestData.frameFolder(root.resolve("Test/Test001"), 6, 32, 48, 1);
        // an object on frames 2, 4, 5 (absent on frame 3: the track is broken in the middle), a second one far away on frame 5
        masks(root.resolve("Test/Test001_gt"), "bmp", NONE, NONE, new int[][] {{4, 4, 9, 9}}, NONE,
                new int[][] {{6, 4, 11, 9}}, new int[][] {{8, 4, 13, 9}, {30, 20, 40, 28}});
        Dataset ds = Dataset.open(root);
        RegionLabelFinder.Found f = RegionLabelFinder.find(ds);
        RegionLabels r = f.byVideo().get("Test001");
        assertEquals("UCSD masks", r.format());
        assertEquals(48, r.width());
        assertEquals(32, r.height());
        assertEquals(6, r.frames());
        assertEquals(4, r.regionCount());
        assertEquals(List.of(Box.ofInclusive(4, 4, 9, 9)), r.regions(2));
        assertEquals(Box.ofInclusive(30, 20, 40, 28), r.regions(5).get(1));
        assertEquals(2, r.trackCount(), "the broken track is linked across its gap; the far object is a track of its own");
        assertArrayEquals(r.trackIds(2), new int[] {r.trackIds(4)[0]});
        assertTrue(r.tracksLinked());
        assertTrue(f.note().contains("UCSD masks for 1 of 1 test videos, 4 regions in 2 tracks"), f.note());
    }

    @Test
    void trackLinkerGapsAndOverlaps() {
        Box a = new Box(0, 0, 10, 10), a2 = new Box(2, 0, 12, 10), far = new Box(50, 50, 60, 60);
        List<List<Box>> frames = List.of(List.of(a), List.of(), List.of(), List.of(a2, far));
        assertArrayEquals(new int[] {0, 1}, new TrackLinker(2, 0.1).link(frames).get(3));
        assertArrayEquals(new int[] {1, 2}, new TrackLinker(1, 0.1).link(frames).get(3), "a gap of 2 frames breaks a track when only 1 is allowed");
        // two regions never continue the same track in one frame
        List<int[]> ids = TrackLinker.defaults().link(List.of(List.of(a), List.of(a, a2)));
        assertArrayEquals(new int[] {0, 1}, ids.get(1));
    }

    @Test
    void pngMasksJsonAndTextBoxListsInTheCommonLayout() throws Exception {
        Path root = dir.resolve("mine");
        TestData.frameFolder(root.resolve("training/frames/01"), 3, 32, 48, 0);
        for (String v : List.of("01", "02", "03", "04")) TestData.frameFolder(root.resolve("testing/frames/" + v), 5, 32, 48, 1);
        masks(root.resolve("testing/masks/01"), "png", NONE, new int[][] {{1, 1, 4, 4}}, NONE, NONE, NONE);
        Files.createDirectories(root.resolve("testing/regions"));
        Files.writeString(root.resolve("testing/regions/02.json"),
                "{\"width\": 96, \"height\": 64, \"regions\": [{\"frame\": 3, \"track\": 9, \"box\": [10, 12, 19, 21]}]}");
        Files.writeString(root.resolve("testing/regions/03.txt"), "# track, frame, x_min, y_min, x_max, y_max\n5, 1, 0, 0, 9, 9\n5, 2, 1, 0, 10, 9\n");
        Files.writeString(root.resolve("testing/regions/04.txt"), "0 0 0 9 9\n4 40 20 47 31\n");
        RegionLabelFinder.Found f = RegionLabelFinder.find(Dataset.open(root));
        assertEquals(List.of("01", "02", "03", "04"), List.copyOf(f.byVideo().keySet()));
        assertEquals(List.of(new Box(1, 1, 5, 5)), f.byVideo().get("01").regions(1));
        RegionLabels json = f.byVideo().get("02");
        assertEquals(96, json.width());
        assertEquals(List.of(new Box(10, 12, 20, 22)), json.regions(3));
        assertEquals(List.of(), json.regions(4), "frames after the last listed one have no region");
        assertFalse(json.tracksLinked());
        RegionLabels text = f.byVideo().get("03");
        assertEquals(48, text.width(), "a text box list takes the video's frame size");
        assertEquals(1, text.trackCount());
        assertFalse(text.tracksLinked());
        RegionLabels five = f.byVideo().get("04");
        assertTrue(five.tracksLinked());
        assertEquals(2, five.trackCount());
    }

    @Test
    void labelsThatDoNotFitNameTheFile() throws Exception {
        Path root = dir.resolve("bad");
        TestData.frameFolder(root.resolve("testing/frames/01"), 3, 32, 48, 1);
        masks(root.resolve("testing/masks/01"), "png", NONE, NONE); // 2 masks, 3 frames
        DatasetException e = assertThrows(DatasetException.class, () -> RegionLabelFinder.find(Dataset.open(root)));
        assertTrue(e.getMessage().contains("masks/01") && e.getMessage().contains("2 frames but the video has 3"), e.getMessage());

        Path t = dir.resolve("t.txt");
        Files.writeString(t, "1, 2, 3\n");
        e = assertThrows(DatasetException.class, () -> BoxLists.readText(t));
        assertTrue(e.getMessage().startsWith(t + ": line 1 has 3 values"), e.getMessage());
        Files.writeString(t, "0, 5, 5, 2, 9\n");
        e = assertThrows(DatasetException.class, () -> BoxLists.readText(t));
        assertTrue(e.getMessage().contains("x_min <= x_max"), e.getMessage());
        Path j = dir.resolve("j.json");
        Files.writeString(j, "{\"regions\": [{\"frame\": 0, \"box\": [1, 2]}]}");
        e = assertThrows(DatasetException.class, () -> BoxLists.readJson(j));
        assertTrue(e.getMessage().contains("region 0 needs"), e.getMessage());
    }

    @Test
    void jsonWrittenReadsBack() {
        List<List<Box>> frames = new ArrayList<>(List.of(List.of(), List.of(Box.ofInclusive(3, 4, 10, 12)), List.of(Box.ofInclusive(5, 4, 12, 12))));
        RegionLabels r = RegionLabels.of(dir, "JSON boxes", 64, 48, false, frames, List.of(new int[0], new int[] {3}, new int[] {3}), TrackLinker.defaults());
        Path f = dir.resolve("out/r.json");
        BoxLists.writeJson(f, r);
        RegionLabels back = BoxLists.readJson(f);
        assertEquals(3, back.frames());
        assertEquals(r.regions(1), back.regions(1));
        assertEquals(r.regions(2), back.regions(2));
        assertEquals(1, back.trackCount());
        assertEquals(64, back.width());
    }

    @Test
    void prepareReportsWhatItFound() throws Exception {
        Path root = dir.resolve("toy");
        TestData.frameFolder(root.resolve("training/frames/01"), 4, 32, 48, 0);
        TestData.frameFolder(root.resolve("testing/frames/01"), 3, 32, 48, 1);
        PrepareOptions o = PrepareOptions.defaults(12, 16).withCacheDir(dir.resolve("cache")).withBuildCache(false);
        PrepareReport none = new DatasetPreparer(o).prepare(root);
        assertTrue(none.toTable().contains("region labels: none"), none.toTable());
        masks(root.resolve("testing/masks/01"), "png", NONE, new int[][] {{1, 1, 4, 4}}, NONE);
        PrepareReport some = new DatasetPreparer(o).prepare(root);
        assertFalse(some.hasErrors(), some.toTable());
        assertTrue(some.toTable().contains("region labels: mask folders for 1 of 1 test videos, 1 regions in 1 tracks"), some.toTable());
        masks(dir.resolve("extra"), "png", NONE, NONE, NONE, NONE); // a 4th mask for a 3-frame video
        Files.copy(dir.resolve("extra/004.png"), root.resolve("testing/masks/01/004.png"));
        PrepareReport bad = new DatasetPreparer(o).prepare(root);
        assertTrue(bad.hasErrors());
        assertTrue(bad.errors().get(0).message().contains("4 frames but the video has 3"), bad.toTable());
    }
}
