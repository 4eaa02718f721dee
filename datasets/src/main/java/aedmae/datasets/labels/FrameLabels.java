package aedmae.datasets.labels;

import aedmae.datasets.DatasetException;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Ground truth of one test video as it was stored: either one 0/1 per frame (ShanghaiTech's
 * .npy masks, text files, Avenue's per-frame masks) or 1-based inclusive [first, last] ranges of
 * abnormal frames (ped2.mat's {@code gt}, the UCSD scripts), which carry no length of their own.
 * {@link #resolve(int)} turns either into one 0/1 per frame for a video of a known length and
 * refuses labels that do not fit it.
 */
public final class FrameLabels {
    private final Path source;
    private final int[] perFrame;  // null when stored as ranges
    private final int[][] ranges;  // [k][2] (first, last), 1-based inclusive; null when per frame

    private FrameLabels(Path source, int[] perFrame, int[][] ranges) {
        this.source = source;
        this.perFrame = perFrame;
        this.ranges = ranges;
    }

    /** Labels stored per frame; every value must be 0 or 1. */
    public static FrameLabels perFrame(Path source, int[] values) {
        for (int i = 0; i < values.length; i++)
            if (values[i] != 0 && values[i] != 1)
                throw new DatasetException(source, "label of frame " + i + " is " + values[i] + ", expected 0 or 1");
        return new FrameLabels(source, values.clone(), null);
    }

    /** Labels stored as 1-based inclusive [first, last] ranges of abnormal frames. */
    public static FrameLabels ranges(Path source, int[][] ranges) {
        int[][] copy = new int[ranges.length][];
        for (int i = 0; i < ranges.length; i++) {
            int[] r = ranges[i];
            if (r.length != 2 || r[0] < 1 || r[1] < r[0])
                throw new DatasetException(source, "invalid abnormal frame range " + Arrays.toString(r)
                        + " (expected 1-based [first, last] with first <= last)");
            copy[i] = r.clone();
        }
        return new FrameLabels(source, null, copy);
    }

    /** The file the labels came from. */
    public Path source() {
        return source;
    }

    /** Frames the labels describe, or -1 when stored as ranges (the video decides). */
    public int declaredLength() {
        return perFrame == null ? -1 : perFrame.length;
    }

    /** The stored ranges (1-based inclusive), or null when stored per frame. */
    public int[][] rangesOrNull() {
        return ranges == null ? null : Arrays.stream(ranges).map(int[]::clone).toArray(int[][]::new);
    }

    /** Why these labels do not fit a video of frameCount frames, or null if they fit. */
    public String problemFor(int frameCount) {
        if (perFrame != null) {
            if (perFrame.length != frameCount)
                return "labels give " + perFrame.length + " frames but the video has " + frameCount;
            return null;
        }
        for (int[] r : ranges)
            if (r[1] > frameCount)
                return "abnormal range " + r[0] + "-" + r[1] + " ends after the last frame (" + frameCount + ")";
        return null;
    }

    /**
     * One 0/1 per frame for a video of frameCount frames.
     *
     * @throws DatasetException naming the label file if the labels do not fit
     */
    public int[] resolve(int frameCount) {
        String p = problemFor(frameCount);
        if (p != null) throw new DatasetException(source, p);
        if (perFrame != null) return perFrame.clone();
        int[] y = new int[frameCount];
        for (int[] r : ranges)
            for (int f = r[0]; f <= r[1]; f++) y[f - 1] = 1;
        return y;
    }

    /** 1-based inclusive abnormal ranges of a 0/1 sequence, "61-180" or "1-20,40-60" ("none" if all normal). */
    public static String rangesText(int[] y) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 1 && (i == 0 || y[i - 1] == 0)) {
                int j = i;
                while (j + 1 < y.length && y[j + 1] == 1) j++;
                if (sb.length() > 0) sb.append(',');
                sb.append(i + 1).append('-').append(j + 1);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    @Override
    public String toString() {
        return "FrameLabels[" + source + (perFrame != null ? ", " + perFrame.length + " frames, abnormal "
                + rangesText(perFrame) : ", ranges " + Arrays.deepToString(ranges)) + "]";
    }
}
