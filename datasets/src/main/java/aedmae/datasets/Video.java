package aedmae.datasets;

import aedmae.datasets.labels.FrameLabels;

/**
 * One video of a dataset.
 *
 * @param name   the video's name: its frame folder's name or its file name without extension
 *               ("01", "Test001", "01_0014")
 * @param split  training or test
 * @param source where its frames come from
 * @param labels its ground truth as stored, or null when there is none (training videos, a
 *               user's own unlabelled video)
 */
public record Video(String name, Split split, VideoSource source, FrameLabels labels) {
    /** Frames in the video (see {@link VideoSource#frameCount()}). */
    public int frameCount() {
        return source.frameCount();
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /**
     * One 0/1 per frame, or null when the video has no labels.
     *
     * @throws DatasetException naming the label file if the labels do not fit the frames
     */
    public int[] frameLabels() {
        return labels == null ? null : labels.resolve(frameCount());
    }

    /** Labels for a known frame count (from a decoded video or its cache). */
    public int[] frameLabels(int frameCount) {
        return labels == null ? null : labels.resolve(frameCount);
    }
}
