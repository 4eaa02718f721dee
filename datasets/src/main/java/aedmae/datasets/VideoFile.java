package aedmae.datasets;

import aedmae.datasets.image.FrameReader;
import aedmae.datasets.image.VideoDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A video stored as one file (mp4, avi, mkv, ...), decoded with FFmpeg. Frames can only be read
 * in order, so the loader reads video files through the frame cache.
 */
public final class VideoFile implements VideoSource {
    private final Path file;
    private volatile int frameCount = -1;

    public VideoFile(Path file) {
        this.file = file;
    }

    @Override
    public Path path() {
        return file;
    }

    /** Demuxes the file once (no decoding) to count video packets; remembered afterwards. */
    @Override
    public int frameCount() {
        int n = frameCount;
        if (n < 0) frameCount = n = VideoDecoder.countPackets(file);
        return n;
    }

    @Override
    public FrameReader open() {
        return new VideoDecoder(file);
    }

    @Override
    public long fingerprint() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            long h = Fingerprint.mix(0x9E3779B97F4A7C15L, file.getFileName().toString().hashCode());
            h = Fingerprint.mix(h, a.size());
            return Fingerprint.mix(h, a.lastModifiedTime().toMillis());
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read file attributes (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public List<String> notes() {
        return List.of();
    }

    @Override
    public String toString() {
        return "VideoFile[" + file + "]";
    }
}
