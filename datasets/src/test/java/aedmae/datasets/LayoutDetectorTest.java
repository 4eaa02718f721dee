package aedmae.datasets;

import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.labels.TextLabels;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Matrix;

import static org.junit.jupiter.api.Assertions.*;

/** Each layout the issue names, built small in a temporary folder. */
class LayoutDetectorTest {
    @TempDir
    Path dir;

    @Test
    void commonFrameLayoutWithGtMat() throws Exception {
        Path root = dir.resolve("toy");
        TestData.frameFolder(root.resolve("training/frames/01"), 3, 8, 8, 0);
        TestData.frameFolder(root.resolve("training/frames/02"), 2, 8, 8, 1);
        TestData.frameFolder(root.resolve("testing/frames/01"), 4, 8, 8, 2);
        TestData.frameFolder(root.resolve("testing/frames/02"), 5, 8, 8, 3);
        writeGt(root.resolve("toy.mat"), new int[][] {{2, 3}}, new int[][] {{1, 5}});
        Dataset ds = Dataset.open(root);
        assertEquals(Layout.FRAME_FOLDERS, ds.layout());
        assertEquals(List.of("01", "02"), ds.train().stream().map(Video::name).toList());
        assertEquals(5, ds.train().stream().mapToInt(Video::frameCount).sum());
        assertArrayEquals(new int[] {0, 1, 1, 0}, ds.test().get(0).frameLabels());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, ds.test().get(1).frameLabels());
        assertNull(ds.train().get(0).labels());
        assertTrue(ds.notes().get(0).contains("toy.mat"));

        // a label file for another number of videos is refused, naming the file
        writeGt(root.resolve("toy.mat"), new int[][] {{2, 3}}, new int[][] {{1, 5}}, new int[][] {{1, 1}});
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(root));
        assertEquals(root.resolve("toy.mat").toAbsolutePath(), e.path().toAbsolutePath());
        assertTrue(e.problem().contains("labels for 3 videos but there are 2 test videos"), e.problem());
    }

    @Test
    void originalUcsdLayoutWithScriptLabelsSkipsMaskFoldersAndHiddenFiles() throws Exception {
        Path ucsd = dir.resolve("UCSD_Anomaly_Dataset.v1p2/UCSDped2");
        grayTiffs(ucsd.resolve("Train/Train001"), 3);
        grayTiffs(ucsd.resolve("Train/Train002"), 2);
        grayTiffs(ucsd.resolve("Test/Test001"), 4);
        grayTiffs(ucsd.resolve("Test/Test001_gt"), 4); // pixel masks, not a video
        Files.writeString(ucsd.resolve("Test/Test001/._001.tif"), "mac resource fork");
        Files.writeString(ucsd.resolve("Test/UCSDped2.m"), "TestVideoFile = {};\nTestVideoFile{end+1}.gt_frame = [3:4];\n");
        // pointing at the archive root descends into its only UCSD dataset
        Dataset ds = Dataset.open(ucsd.getParent());
        assertEquals(Layout.UCSD, ds.layout());
        assertEquals("UCSDped2", ds.name());
        assertEquals(List.of("Train001", "Train002"), ds.train().stream().map(Video::name).toList());
        assertEquals(List.of("Test001"), ds.test().stream().map(Video::name).toList());
        assertEquals(4, ds.test().get(0).frameCount());
        assertArrayEquals(new int[] {0, 0, 1, 1}, ds.test().get(0).frameLabels());
        assertEquals(255 - 3, ((FrameFolder) ds.train().get(0).source()).read(0).at(1, 0, 3)); // gray → RGB

        grayTiffs(dir.resolve("UCSD_Anomaly_Dataset.v1p2/UCSDped1/Train/Train001"), 1);
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(ucsd.getParent()));
        assertTrue(e.problem().contains("several UCSD datasets"), e.problem());
    }

    @Test
    void avenueVideosWithVolumeLabels() throws Exception {
        Path root = dir.resolve("Avenue Dataset");
        TestData.encode(root.resolve("training_videos/01.avi"), TestData.scenes(4, 16, 16, 0), "mpeg4");
        TestData.encode(root.resolve("testing_videos/01.avi"), TestData.scenes(3, 16, 16, 1), "mpeg4");
        TestData.encode(root.resolve("testing_videos/02.avi"), TestData.scenes(2, 16, 16, 2), "mpeg4");
        writeVolLabel(root.resolve("ground_truth_demo/testing_label_mask/1_label.mat"), 0, 1, 1);
        writeVolLabel(root.resolve("ground_truth_demo/testing_label_mask/2_label.mat"), 1, 0);
        Dataset ds = Dataset.open(root);
        assertEquals(Layout.AVENUE, ds.layout());
        assertEquals("Avenue_Dataset", ds.safeName());
        assertEquals(1, ds.train().size());
        assertInstanceOf(VideoFile.class, ds.train().get(0).source());
        assertEquals(4, ds.train().get(0).frameCount());
        assertArrayEquals(new int[] {0, 1, 1}, ds.test().get(0).frameLabels());
        assertArrayEquals(new int[] {1, 0}, ds.test().get(1).frameLabels());
    }

    @Test
    void shanghaiTechVideosFramesAndNpyMasks() throws Exception {
        Path root = dir.resolve("shanghaitech");
        TestData.encode(root.resolve("training/videos/01_001.avi"), TestData.scenes(3, 16, 16, 0), "mpeg4");
        TestData.frameFolder(root.resolve("testing/frames/01_0014"), 3, 8, 8, 1);
        TestData.frameFolder(root.resolve("testing/frames/02_0161"), 2, 8, 8, 2);
        Files.createDirectories(root.resolve("testing/test_frame_mask"));
        npyLabels(root.resolve("testing/test_frame_mask/01_0014.npy"), 0, 1, 1);
        npyLabels(root.resolve("testing/test_frame_mask/02_0161.npy"), 1, 1);
        Dataset ds = Dataset.open(root);
        assertEquals(Layout.SHANGHAITECH, ds.layout());
        assertEquals("01_001", ds.train().get(0).name());
        assertEquals(List.of("01_0014", "02_0161"), ds.test().stream().map(Video::name).toList());
        assertArrayEquals(new int[] {0, 1, 1}, ds.test().get(0).frameLabels());
        assertArrayEquals(new int[] {1, 1}, ds.test().get(1).frameLabels());
    }

    @Test
    void ownDataFrameFolderVideoFileCollectionAndSplits() throws Exception {
        // a folder of frames with labels.txt
        Path frames = TestData.frameFolder(dir.resolve("cam1"), 3, 8, 8, 0);
        TextLabels.write(frames.resolve("labels.txt"), new int[] {0, 0, 1});
        Dataset f = Dataset.open(frames);
        assertEquals(Layout.FRAME_FOLDER, f.layout());
        assertTrue(f.train().isEmpty());
        assertArrayEquals(new int[] {0, 0, 1}, f.test().get(0).frameLabels());

        // one video file, labels beside it
        Path mkv = TestData.encode(dir.resolve("videos/street.mkv"), TestData.scenes(4, 16, 16, 0), "ffv1");
        Dataset v = Dataset.open(mkv);
        assertEquals(Layout.VIDEO_FILE, v.layout());
        assertEquals("street", v.name());
        assertNull(v.test().get(0).labels());
        TextLabels.write(dir.resolve("videos/street.txt"), new int[] {0, 1, 1, 0});
        assertArrayEquals(new int[] {0, 1, 1, 0}, Dataset.open(mkv).test().get(0).frameLabels());

        // a folder of videos and frame folders
        TestData.encode(dir.resolve("videos/alley.mkv"), TestData.scenes(2, 16, 16, 1), "ffv1");
        TestData.frameFolder(dir.resolve("videos/gate"), 2, 8, 8, 0);
        Dataset c = Dataset.open(dir.resolve("videos"));
        assertEquals(Layout.VIDEO_COLLECTION, c.layout());
        assertEquals(List.of("alley", "gate", "street"), c.test().stream().map(Video::name).toList());
        assertArrayEquals(new int[] {0, 1, 1, 0}, c.test().get(2).frameLabels());

        // training/ + testing/ with a video file and a frame folder
        Path own = dir.resolve("own");
        TestData.encode(own.resolve("training/day1.mkv"), TestData.scenes(3, 16, 16, 0), "ffv1");
        TestData.frameFolder(own.resolve("testing/night"), 2, 8, 8, 0);
        Dataset s = Dataset.open(own);
        assertEquals(Layout.SPLIT_FOLDERS, s.layout());
        assertEquals("day1", s.train().get(0).name());
        assertEquals("night", s.test().get(0).name());
    }

    @Test
    void naturalOrderAndNumberingGaps() throws Exception {
        Path d = Files.createDirectories(dir.resolve("v"));
        for (String n : List.of("10.png", "2.png", "1.png", "4.png"))
            ImageFiles.writePng(TestData.scene(16, 16, 0, 0), d.resolve(n));
        FrameFolder f = FrameFolder.list(d);
        assertEquals(List.of("1.png", "2.png", "4.png", "10.png"), f.files().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(List.of("frame numbers jump from 2 to 4 (2 gaps)"), f.notes());
        assertTrue(NaturalOrder.INSTANCE.compare("01_0014", "01_0025") < 0);
        assertTrue(NaturalOrder.INSTANCE.compare("01_0025", "02_0003") < 0);
    }

    @Test
    void unknownLayoutEmptyFolderAndMissingPathAreErrors() throws Exception {
        Path odd = Files.createDirectories(dir.resolve("odd"));
        Files.writeString(odd.resolve("notes.txt"), "hello");
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(odd));
        assertTrue(e.problem().startsWith("unknown dataset layout"), e.problem());
        assertEquals(odd.toAbsolutePath(), e.path());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(DatasetException.class, () -> Dataset.open(empty)).problem().startsWith("empty folder"));
        assertTrue(assertThrows(DatasetException.class, () -> Dataset.open(dir.resolve("nope"))).problem().contains("no such"));
        assertTrue(assertThrows(DatasetException.class, () -> Dataset.open(odd.resolve("notes.txt"))).problem().contains("unknown file type"));
    }

    static void writeGt(Path mat, int[][]... perVideo) throws Exception {
        Cell gt = Mat5.newCell(1, perVideo.length);
        for (int v = 0; v < perVideo.length; v++) {
            Matrix m = Mat5.newMatrix(2, perVideo[v].length);
            for (int c = 0; c < perVideo[v].length; c++) {
                m.setDouble(0, c, perVideo[v][c][0]);
                m.setDouble(1, c, perVideo[v][c][1]);
            }
            gt.set(v, m);
        }
        Files.createDirectories(mat.getParent());
        Mat5.writeToFile(Mat5.newMatFile().addArray("gt", gt), mat.toFile());
    }

    private static void writeVolLabel(Path mat, int... frameAbnormal) throws Exception {
        Cell vol = Mat5.newCell(1, frameAbnormal.length);
        for (int f = 0; f < frameAbnormal.length; f++) {
            Matrix m = Mat5.newMatrix(4, 4);
            if (frameAbnormal[f] == 1) m.setDouble(1, 2, 1);
            vol.set(f, m);
        }
        Files.createDirectories(mat.getParent());
        Mat5.writeToFile(Mat5.newMatFile().addArray("volLabel", vol), mat.toFile());
    }

    static void npyLabels(Path file, int... y) throws Exception {
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + y.length + ",), }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        out.write(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int v : y) out.write(v);
        Files.write(file, out.toByteArray());
    }

    /** n grayscale TIFF frames 001.tif ... (values 255 − x). */
    private static void grayTiffs(Path d, int n) throws Exception {
        Files.createDirectories(d);
        for (int i = 1; i <= n; i++) {
            BufferedImage g = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 4; y++) for (int x = 0; x < 6; x++) g.getRaster().setSample(x, y, 0, 255 - x);
            assertTrue(ImageIO.write(g, "tiff", d.resolve(String.format("%03d.tif", i)).toFile()));
        }
    }
}
