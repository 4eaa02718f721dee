package aedmae.datasets.frames;

import aedmae.datasets.Video;

import java.util.List;

/**
 * Random access to the frames and motion gradients of a list of videos at model resolution
 * H×W: frames [3, H, W] uint8 as decoded and resized, gradients [3, H, W] uint8
 * ({@link aedmae.datasets.gradient.MotionGradient}). Safe to use from several threads.
 */
public interface FrameStore extends AutoCloseable {
    int height();

    int width();

    /** The videos, indexed 0..videoCount()−1. */
    List<Video> videos();

    default int videoCount() {
        return videos().size();
    }

    /** Frames of video v (the decoded count). */
    int frameCount(int v);

    /** Copies frame t of video v [3, H, W] into dst at off (overwrites 3·H·W bytes). */
    void readFrame(int v, int t, byte[] dst, int off);

    /** Copies the motion gradient of frame t of video v [3, H, W] into dst at off. */
    void readGradient(int v, int t, byte[] dst, int off);

    /** Whether reads come from the on-disk cache (for reports and benchmarks). */
    boolean cached();

    @Override
    void close();
}
