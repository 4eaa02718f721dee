package aedmae.datasets.labels;

import aedmae.datasets.DatasetException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Labels stored in MATLAB 5 files, read with the MFL library (us.hebi.matlab.mat):
 * <ul>
 *   <li>{@code gt}: a 1×N cell, one entry per test video (in video order), each a 2×k matrix whose
 *       columns are 1-based inclusive [first; last] abnormal frame ranges (ped1.mat, ped2.mat,
 *       and the same form for Avenue in the common frame layout). An empty entry is a normal
 *       video.</li>
 *   <li>{@code volLabel}: a 1×F cell of H×W pixel masks for one video (Avenue's
 *       {@code testing_label_mask/<n>_label.mat}); a frame is abnormal when its mask has any
 *       nonzero pixel.</li>
 * </ul>
 */
public final class MatLabels {
    private MatLabels() {}

    /**
     * Whether the file is a MAT file with a variable of this name.
     *
     * @throws DatasetException naming the file when it is not a readable MAT file (a corrupt or
     *                          truncated label file is an error, never silently "no labels")
     */
    public static boolean hasVariable(Path matFile, String name) {
        try (Mat5File mat = open(matFile)) {
            for (var e : mat.getEntries()) if (e.getName().equals(name)) return true;
            return false;
        } catch (IOException e) {
            throw new DatasetException(matFile, "unreadable MAT file (" + e.getMessage() + ")", e);
        }
    }

    /** Reads {@code gt}: one entry of ranges per test video, in the file's order. */
    public static List<FrameLabels> readRanges(Path matFile) {
        return readRanges(matFile, "gt");
    }

    /** Reads a cell variable of [first; last] range matrices. */
    public static List<FrameLabels> readRanges(Path matFile, String variable) {
        try (Mat5File mat = open(matFile)) {
            Cell cell = cellNamed(mat, matFile, variable);
            int n = cell.getNumElements();
            List<FrameLabels> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Array a = cell.get(i);
                if (!(a instanceof Matrix m))
                    throw new DatasetException(matFile, variable + "{" + (i + 1) + "} is a " + a.getType() + ", expected a numeric 2xk matrix");
                out.add(FrameLabels.ranges(matFile.resolveSibling(matFile.getFileName() + "#" + variable + "{" + (i + 1) + "}"),
                        rangesOf(m, matFile, variable, i)));
            }
            return out;
        } catch (IOException e) {
            throw new DatasetException(matFile, "unreadable MAT file (" + e.getMessage() + ")", e);
        } catch (DatasetException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(matFile, e);
        }
    }

    /** Reads {@code volLabel}: one 0/1 per frame (1 where the frame's mask has a nonzero pixel). */
    public static FrameLabels readVolumeLabels(Path matFile) {
        try (Mat5File mat = open(matFile)) {
            Cell cell = cellNamed(mat, matFile, "volLabel");
            int n = cell.getNumElements();
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                Array a = cell.get(i);
                if (!(a instanceof Matrix m)) throw new DatasetException(matFile, "volLabel{" + (i + 1) + "} is not a matrix");
                int k = m.getNumElements();
                for (int j = 0; j < k; j++)
                    if (m.getDouble(j) != 0) {
                        y[i] = 1;
                        break;
                    }
            }
            return FrameLabels.perFrame(matFile, y);
        } catch (IOException e) {
            throw new DatasetException(matFile, "unreadable MAT file (" + e.getMessage() + ")", e);
        } catch (DatasetException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(matFile, e);
        }
    }

    private static DatasetException corrupt(Path matFile, RuntimeException e) {
        return new DatasetException(matFile, "not a MATLAB 5 MAT file or corrupt (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }

    private static Mat5File open(Path matFile) throws IOException {
        if (!Files.isRegularFile(matFile)) throw new DatasetException(matFile, "no such MAT file");
        try {
            return Mat5.readFromFile(matFile.toFile());
        } catch (RuntimeException e) {
            throw corrupt(matFile, e);
        }
    }

    private static Cell cellNamed(Mat5File mat, Path matFile, String variable) {
        Array a;
        try {
            a = mat.getArray(variable);
        } catch (RuntimeException e) {
            throw new DatasetException(matFile, "no variable '" + variable + "' in MAT file");
        }
        if (!(a instanceof Cell c))
            throw new DatasetException(matFile, "variable '" + variable + "' is a " + a.getType() + ", expected a cell array");
        return c;
    }

    private static int[][] rangesOf(Matrix m, Path matFile, String variable, int i) {
        int rows = m.getNumRows(), cols = m.getNumCols();
        if (m.getNumElements() == 0) return new int[0][];
        if (rows == 1 && cols == 2) return new int[][] {{toInt(m.getDouble(0, 0)), toInt(m.getDouble(0, 1))}};
        if (rows != 2)
            throw new DatasetException(matFile, variable + "{" + (i + 1) + "} is " + rows + "x" + cols
                    + ", expected 2xk [first; last] frame ranges");
        int[][] r = new int[cols][];
        for (int c = 0; c < cols; c++) r[c] = new int[] {toInt(m.getDouble(0, c)), toInt(m.getDouble(1, c))};
        return r;
    }

    private static int toInt(double v) {
        return (int) Math.round(v);
    }
}
