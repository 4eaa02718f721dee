package aedmae.datasets.frames;

import aedmae.datasets.DatasetException;
import aedmae.datasets.FrameFolder;
import aedmae.datasets.Video;
import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.gradient.MotionGradient;
import aedmae.datasets.image.BilinearResize;
import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.image.RgbFrame;

import java.util.List;

/**
 * Frames decoded from their image files on every read (no cache): decode, check the size
 * against the video's first frame, resize; gradients decode frames t−1 and t+1 and filter them.
 * Only frame folders can be read this way (video files decode in order only: use the cache).
 * This is the slow path the cache exists to avoid, kept for one-off runs and for comparison.
 */
public final class DecodingFrameStore implements FrameStore {
    private final List<Video> videos;
    private final FrameFolder[] folders;
    private final int[][] firstSize; // per video {h, w} of frame 0
    private final int height, width;
    private final GradientMode mode;

    public DecodingFrameStore(List<Video> videos, int height, int width, GradientMode mode) {
        this.videos = List.copyOf(videos);
        this.height = height;
        this.width = width;
        this.mode = mode;
        folders = new FrameFolder[videos.size()];
        firstSize = new int[videos.size()][];
        for (int v = 0; v < folders.length; v++) {
            Video video = videos.get(v);
            if (!(video.source() instanceof FrameFolder f))
                throw new DatasetException(video.source().path(), "video files can only be read through the frame cache (enable the cache)");
            if (f.frameCount() == 0) throw new DatasetException(f.path(), "empty folder: no frames");
            folders[v] = f;
            firstSize[v] = ImageFiles.readSize(f.files().get(0));
        }
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public List<Video> videos() {
        return videos;
    }

    @Override
    public int frameCount(int v) {
        return folders[v].frameCount();
    }

    @Override
    public void readFrame(int v, int t, byte[] dst, int off) {
        byte[] r = decode(v, t);
        System.arraycopy(r, 0, dst, off, r.length);
    }

    @Override
    public void readGradient(int v, int t, byte[] dst, int off) {
        int n = frameCount(v);
        byte[] prev = decode(v, t - 1 >= 0 ? t - 1 : t);
        byte[] next = t + 1 < n ? decode(v, t + 1) : (t - 1 >= 0 ? decode(v, t) : prev);
        MotionGradient.compute(prev, next, height, width, mode, dst, off);
    }

    private byte[] decode(int v, int t) {
        RgbFrame f = folders[v].read(t);
        int[] first = firstSize[v];
        if (f.height() != first[0] || f.width() != first[1])
            throw new DatasetException(folders[v].files().get(t), "frame " + t + " is " + f.sizeText() + " but frame 0 is " + first[1] + "x" + first[0]);
        return BilinearResize.resize(f, height, width).chw();
    }

    @Override
    public boolean cached() {
        return false;
    }

    @Override
    public void close() {}
}
