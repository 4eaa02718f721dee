package aedmae.datasets.frames;

import aedmae.datasets.Video;
import aedmae.datasets.cache.CacheFile;
import aedmae.datasets.cache.FrameCache;
import aedmae.datasets.gradient.GradientMode;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Frames and gradients read from the {@link FrameCache} with positional file reads (the OS page
 * cache keeps hot data in memory; the heap holds nothing but the open files). Opening builds the
 * cache files that are missing or stale.
 */
public final class CachedFrameStore implements FrameStore {
    private final FrameCache cache;
    private final List<Video> videos;
    private final CacheFile.Reader[] frames, gradients;
    private final int[] counts;

    /** Opens the cache files of the videos, building those that are missing or stale. */
    public CachedFrameStore(FrameCache cache, List<Video> videos, GradientMode mode) {
        this.cache = cache;
        this.videos = List.copyOf(videos);
        int n = videos.size();
        frames = new CacheFile.Reader[n];
        gradients = new CacheFile.Reader[n];
        counts = new int[n];
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            for (int v = 0; v < n; v++) {
                Video video = videos.get(v);
                cache.ensure(video, EnumSet.of(mode));
                frames[v] = cache.openFrames(video);
                opened.add(frames[v]);
                gradients[v] = cache.openGradients(video, mode);
                opened.add(gradients[v]);
                counts[v] = frames[v].header().count();
            }
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing read-only files
                }
            }
            throw e;
        }
    }

    public FrameCache cache() {
        return cache;
    }

    @Override
    public int height() {
        return cache.height();
    }

    @Override
    public int width() {
        return cache.width();
    }

    @Override
    public List<Video> videos() {
        return videos;
    }

    @Override
    public int frameCount(int v) {
        return counts[v];
    }

    @Override
    public void readFrame(int v, int t, byte[] dst, int off) {
        frames[v].read(t, dst, off);
    }

    @Override
    public void readGradient(int v, int t, byte[] dst, int off) {
        gradients[v].read(t, dst, off);
    }

    @Override
    public boolean cached() {
        return true;
    }

    @Override
    public void close() {
        for (CacheFile.Reader r : frames) if (r != null) r.close();
        for (CacheFile.Reader r : gradients) if (r != null) r.close();
    }
}
