package aedmae.datasets.image;

/** Reads the frames of one video in order; each call returns the next frame. */
public interface FrameReader extends AutoCloseable {
    /** The next frame, or null after the last one. */
    RgbFrame next();

    @Override
    void close();
}
