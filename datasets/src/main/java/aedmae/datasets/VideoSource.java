package aedmae.datasets;

import aedmae.datasets.image.FrameReader;

import java.nio.file.Path;
import java.util.List;

/** Where a video's frames come from: a folder of numbered images or a video file. */
public sealed interface VideoSource permits FrameFolder, VideoFile {
    /** The folder or file. */
    Path path();

    /**
     * Number of frames: the image count of a folder; for a video file the packet count of its
     * video stream (the decoder's count is authoritative; the preparer checks they agree).
     */
    int frameCount();

    /** Reads the frames in order. */
    FrameReader open();

    /**
     * A fingerprint of the source files (names, sizes, modification times), so a cache built
     * from them can tell when they changed.
     */
    long fingerprint();

    /** Oddities found while listing (gaps in numbering, mixed extensions); empty if none. */
    List<String> notes();
}
