package aedmae.datasets;

import aedmae.datasets.labels.FrameLabels;
import aedmae.datasets.labels.MatLabels;
import aedmae.datasets.labels.NpyArray;
import aedmae.datasets.labels.NpyReader;
import aedmae.datasets.labels.TextLabels;
import aedmae.datasets.labels.UcsdLabelScript;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Matrix;

import static org.junit.jupiter.api.Assertions.*;

class LabelReadersTest {
    @TempDir
    Path dir;

    @Test
    void matGroundTruthRangesWrittenWithTheLibrary() throws Exception {
        Cell gt = Mat5.newCell(1, 3);
        gt.set(0, ranges(new int[][] {{61, 180}}));
        gt.set(1, ranges(new int[][] {{2, 3}, {6, 6}}));
        gt.set(2, Mat5.newMatrix(0, 0)); // a normal video
        Path mat = dir.resolve("toy.mat");
        Mat5.writeToFile(Mat5.newMatFile().addArray("gt", gt), mat.toFile());

        assertTrue(MatLabels.hasVariable(mat, "gt"));
        assertFalse(MatLabels.hasVariable(mat, "volLabel"));
        List<FrameLabels> l = MatLabels.readRanges(mat);
        assertEquals(3, l.size());
        int[] y0 = l.get(0).resolve(180);
        assertEquals(120, java.util.Arrays.stream(y0).sum());
        assertEquals(0, y0[59]);
        assertEquals(1, y0[60]); // 1-based frame 61 is index 60
        assertEquals(1, y0[179]);
        assertArrayEquals(new int[] {0, 1, 1, 0, 0, 1, 0}, l.get(1).resolve(7));
        assertArrayEquals(new int[5], l.get(2).resolve(5));
        assertEquals("61-180", FrameLabels.rangesText(y0));
        // a range past the video's end is a problem naming the label file
        DatasetException e = assertThrows(DatasetException.class, () -> l.get(0).resolve(150));
        assertTrue(e.problem().contains("ends after the last frame (150)"), e.problem());
        assertTrue(e.path().toString().contains("toy.mat"));
    }

    @Test
    void matVolumeLabelsMarkFramesWithAnyMaskPixel() throws Exception {
        Cell vol = Mat5.newCell(1, 4);
        for (int f = 0; f < 4; f++) {
            Matrix m = Mat5.newMatrix(3, 5);
            if (f == 1 || f == 3) m.setDouble(2, 4, 1);
            vol.set(f, m);
        }
        Path mat = dir.resolve("1_label.mat");
        Mat5.writeToFile(Mat5.newMatFile().addArray("volLabel", vol), mat.toFile());
        FrameLabels l = MatLabels.readVolumeLabels(mat);
        assertEquals(4, l.declaredLength());
        assertArrayEquals(new int[] {0, 1, 0, 1}, l.resolve(4));
        assertTrue(l.problemFor(5).contains("labels give 4 frames but the video has 5"));
    }

    @Test
    void badMatFilesNameTheFile() throws Exception {
        Path junk = dir.resolve("ped9.mat");
        Files.writeString(junk, "not a mat file at all, just text that is long enough for a header ...........................................................................................");
        assertEquals(junk, assertThrows(DatasetException.class, () -> MatLabels.readRanges(junk)).path());
        Path other = dir.resolve("other.mat");
        Mat5.writeToFile(Mat5.newMatFile().addArray("x", Mat5.newScalar(1)), other.toFile());
        assertTrue(assertThrows(DatasetException.class, () -> MatLabels.readRanges(other)).problem().contains("no variable 'gt'"));
    }

    @Test
    void npyInt64BoolFortranAndBigEndian() throws Exception {
        Path a = write("01_0014.npy", "<i8", "(5,)", false, le(8, 0, 0, 1, 1, 0));
        NpyArray arr = NpyReader.read(a);
        assertArrayEquals(new int[] {5}, arr.shape());
        assertArrayEquals(new int[] {0, 0, 1, 1, 0}, NpyReader.readFrameLabels(a).resolve(5));

        Path b = write("b.npy", "|b1", "(4,)", false, new byte[] {1, 0, 0, 1});
        assertArrayEquals(new int[] {1, 0, 0, 1}, NpyReader.readFrameLabels(b).resolve(4));

        // Fortran order: column-major [[1, 2, 3], [4, 5, 6]] is stored 1 4 2 5 3 6
        Path c = write("c.npy", "<f8", "(2, 3)", true, leDouble(1, 4, 2, 5, 3, 6));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, NpyReader.read(c).values());

        ByteBuffer be = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN).putInt(1).putInt(0).putInt(1);
        Path d = write("d.npy", ">i4", "(3,)", false, be.array());
        assertArrayEquals(new int[] {1, 0, 1}, NpyReader.readFrameLabels(d).resolve(3));
    }

    @Test
    void npyProblemsNameTheFile() throws Exception {
        Path bad = dir.resolve("x.npy");
        Files.writeString(bad, "hello");
        assertTrue(assertThrows(DatasetException.class, () -> NpyReader.read(bad)).problem().contains("bad magic"));
        Path trunc = write("t.npy", "<i8", "(10,)", false, le(8, 1, 1));
        assertTrue(assertThrows(DatasetException.class, () -> NpyReader.read(trunc)).problem().contains("truncated"));
        Path two = write("v.npy", "<i8", "(3,)", false, le(8, 0, 2, 1));
        assertTrue(assertThrows(DatasetException.class, () -> NpyReader.readFrameLabels(two)).problem().contains("expected 0 or 1"));
    }

    @Test
    void npyNegativeShapesAndUnknownDtypesAreCleanErrors() throws Exception {
        Path neg = write("neg.npy", "<i8", "(-3,)", false, le(8, 0, 1, 0));
        assertTrue(assertThrows(DatasetException.class, () -> NpyReader.read(neg)).problem().contains("negative dimension"));
        for (String descr : new String[]{"<f", "|O", "<U8", "<c16", "<f2", "x"}) {
            Path f = write("d.npy", descr, "(1,)", false, le(8, 0));
            DatasetException e = assertThrows(DatasetException.class, () -> NpyReader.read(f), descr);
            assertTrue(e.problem().contains("unsupported .npy dtype '" + descr + "'"), e.problem());
        }
        Path huge = write("huge.npy", "<i8", "(1099511627776, 1099511627776)", false, le(8, 0));
        assertTrue(assertThrows(DatasetException.class, () -> NpyReader.read(huge)).problem().contains("bad shape entry"));
        Path big = write("big.npy", "<i8", "(2000000000, 2000000000)", false, le(8, 0));
        assertTrue(assertThrows(DatasetException.class, () -> NpyReader.read(big)).problem().contains("truncated"));
    }

    @Test
    void aCorruptOrTruncatedMatFileIsAnErrorNotSilence() throws Exception {
        Cell gt = Mat5.newCell(1, 2);
        gt.set(0, ranges(new int[][] {{3, 5}}));
        gt.set(1, ranges(new int[][] {{1, 2}}));
        Path mat = dir.resolve("good.mat");
        Mat5.writeToFile(Mat5.newMatFile().addArray("gt", gt), mat.toFile());
        byte[] bytes = Files.readAllBytes(mat);
        Path cut = dir.resolve("ped2.mat");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        DatasetException e = assertThrows(DatasetException.class, () -> MatLabels.hasVariable(cut, "gt"));
        assertTrue(e.path().toString().endsWith("ped2.mat"), e.path().toString());
        Path junk = dir.resolve("junk.mat");
        Files.write(junk, "MATLAB 5.0 MAT-file, but then nothing useful at all".getBytes(StandardCharsets.US_ASCII));
        assertThrows(DatasetException.class, () -> MatLabels.readRanges(junk));
    }

    @Test
    void textLabelsOnePerFrameWithComments() throws Exception {
        Path f = dir.resolve("myvideo.txt");
        Files.writeString(f, "# my labels\n0\n0\n1\n1, 0\n\n1\n");
        assertArrayEquals(new int[] {0, 0, 1, 1, 0, 1}, TextLabels.read(f).resolve(6));
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "0\n0\nabnormal\n");
        DatasetException e = assertThrows(DatasetException.class, () -> TextLabels.read(bad));
        assertTrue(e.problem().startsWith("line 3:"), e.problem());
        TextLabels.write(dir.resolve("w.txt"), new int[] {1, 0, 1});
        assertArrayEquals(new int[] {1, 0, 1}, TextLabels.read(dir.resolve("w.txt")).resolve(3));
    }

    @Test
    void ucsdScriptRanges() throws Exception {
        Path m = dir.resolve("UCSDped2.m");
        Files.writeString(m, "TestVideoFile = {};\n% Test001\nTestVideoFile{end+1}.gt_frame = [61:180];\n"
                + "% Test002\nTestVideoFile{end+1}.gt_frame = [5:9, 12:13];\nTestVideoFile{end+1}.gt_frame = [7];\n");
        List<FrameLabels> l = UcsdLabelScript.read(m);
        assertEquals(3, l.size());
        assertEquals(120, java.util.Arrays.stream(l.get(0).resolve(180)).sum());
        assertEquals("5-9,12-13", FrameLabels.rangesText(l.get(1).resolve(20)));
        assertEquals("7-7", FrameLabels.rangesText(l.get(2).resolve(10)));
    }

    private static Matrix ranges(int[][] r) {
        Matrix m = Mat5.newMatrix(2, r.length);
        for (int c = 0; c < r.length; c++) {
            m.setDouble(0, c, r[c][0]);
            m.setDouble(1, c, r[c][1]);
        }
        return m;
    }

    /** A .npy v1 file: magic, version 1.0, header padded to a multiple of 64 bytes, data. */
    private Path write(String name, String descr, String shape, boolean fortran, byte[] data) throws Exception {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xFF);
        out.write(header.length() >> 8);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        Path p = dir.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    private static byte[] le(int size, long... v) {
        ByteBuffer b = ByteBuffer.allocate(size * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        return b.array();
    }

    private static byte[] leDouble(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) b.putDouble(x);
        return b.array();
    }
}
