package aedmae.datasets;

import aedmae.datasets.frames.FrameStore;
import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.gradient.MotionGradient;
import aedmae.datasets.image.RgbFrame;

import java.util.ArrayList;
import java.util.List;

/** A FrameStore over frames held in memory (test helper). */
final class ArrayFrameStore implements FrameStore {
    private final List<List<RgbFrame>> videos;
    private final List<Video> meta = new ArrayList<>();
    private final int h, w;

    ArrayFrameStore(List<List<RgbFrame>> videos) {
        this.videos = videos;
        this.h = videos.get(0).get(0).height();
        this.w = videos.get(0).get(0).width();
        for (int v = 0; v < videos.size(); v++)
            meta.add(new Video("v" + v, Split.TRAIN, new VideoFile(java.nio.file.Path.of("v" + v + ".avi")), null)); // never opened
    }

    @Override
    public int height() {
        return h;
    }

    @Override
    public int width() {
        return w;
    }

    @Override
    public List<Video> videos() {
        return meta;
    }

    @Override
    public int frameCount(int v) {
        return videos.get(v).size();
    }

    @Override
    public void readFrame(int v, int t, byte[] dst, int off) {
        byte[] src = videos.get(v).get(t).chw();
        System.arraycopy(src, 0, dst, off, src.length);
    }

    @Override
    public void readGradient(int v, int t, byte[] dst, int off) {
        int n = frameCount(v);
        MotionGradient.compute(videos.get(v).get(Math.max(0, t - 1)).chw(), videos.get(v).get(Math.min(n - 1, t + 1)).chw(), h, w,
                GradientMode.MEDIAN, dst, off);
    }

    @Override
    public boolean cached() {
        return false;
    }

    @Override
    public void close() {}
}
