package aedmae.datasets.cache;

import aedmae.datasets.DatasetException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One cache file: a sequence of N uint8 images [C, H, W] of one video (resized frames or motion
 * gradients), after a 64-byte little-endian header:
 * <pre>
 *  offset size field
 *   0     8    magic "AEDMAEC1"
 *   8     4    format version (1)
 *  12     4    kind: 0 frames, 1 gradients (median), 2 gradients (plain)
 *  16     4    N, the number of images
 *  20     4    C (3)
 *  24     4    H
 *  28     4    W
 *  32     8    key: hash of the source files (names, sizes, mtimes) and of the parameters
 *  40     4    source width  (frame size before resizing, for reports)
 *  44     4    source height
 *  48    16    reserved (0)
 *  64    N·C·H·W bytes: image 0 [C,H,W] (channel-major), image 1, ...
 * </pre>
 * Image t starts at byte 64 + t·C·H·W. Files are written to a temporary name and renamed
 * into place, so a reader never sees a half-written file; a file whose key differs from the
 * one expected is stale and rebuilt.
 */
public final class CacheFile {
    public static final int HEADER_BYTES = 64;
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "AEDMAEC1".getBytes(StandardCharsets.US_ASCII);

    /** What a cache file holds. */
    public enum Kind {
        FRAMES(0), GRADIENT_MEDIAN(1), GRADIENT_PLAIN(2);
        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind of(int code) {
            for (Kind k : values()) if (k.code == code) return k;
            return null;
        }
    }

    /** The header fields. */
    public record Header(Kind kind, int count, int channels, int height, int width, long key, int sourceWidth, int sourceHeight) {
        long imageBytes() {
            return (long) channels * height * width;
        }
    }

    private CacheFile() {}

    /** Reads a header; null if the file is missing, too short or not a cache file of this version. */
    public static Header readHeader(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) if (ch.read(b) < 0) return null;
            b.flip();
            byte[] magic = new byte[8];
            b.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC) || b.getInt() != VERSION) return null;
            Kind kind = Kind.of(b.getInt());
            Header h = new Header(kind, b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getLong(), b.getInt(), b.getInt());
            if (kind == null || h.count < 0 || ch.size() != HEADER_BYTES + h.count * h.imageBytes()) return null;
            return h;
        } catch (IOException e) {
            return null;
        }
    }

    /** Streams images into a temporary file; {@link #commit()} renames it into place. */
    public static final class Writer implements AutoCloseable {
        private final Path target, tmp;
        private final FileChannel ch;
        private final Kind kind;
        private final int channels, height, width;
        private final long key;
        private int count;
        private boolean done;

        public Writer(Path target, Kind kind, int channels, int height, int width, long key) {
            this.target = target;
            this.kind = kind;
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.key = key;
            try {
                Files.createDirectories(target.toAbsolutePath().getParent());
                tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".tmp");
                ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                ch.position(HEADER_BYTES);
            } catch (IOException e) {
                throw new DatasetException(target, "cannot create cache file (" + e.getMessage() + ")", e);
            }
        }

        /** Appends one image [C, H, W] from src at off. */
        public void append(byte[] src, int off) {
            int n = channels * height * width;
            try {
                ByteBuffer b = ByteBuffer.wrap(src, off, n);
                while (b.hasRemaining()) ch.write(b);
                count++;
            } catch (IOException e) {
                throw new DatasetException(tmp, "cannot write cache (" + e.getMessage() + ")", e);
            }
        }

        public int count() {
            return count;
        }

        /** Writes the header and atomically moves the file into place. */
        public void commit(int sourceWidth, int sourceHeight) {
            try {
                ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                b.put(MAGIC).putInt(VERSION).putInt(kind.code).putInt(count).putInt(channels).putInt(height).putInt(width)
                        .putLong(key).putInt(sourceWidth).putInt(sourceHeight);
                b.position(HEADER_BYTES).flip();
                ch.write(b, 0);
                ch.force(false);
                ch.close();
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                done = true;
            } catch (IOException e) {
                throw new DatasetException(target, "cannot finish cache file (" + e.getMessage() + ")", e);
            }
        }

        /** Deletes the temporary file unless committed. */
        @Override
        public void close() {
            if (done) return;
            try {
                ch.close();
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: a leftover ".tmp" file is never read
            }
        }
    }

    /** Positional reads of images from a committed cache file; safe to share between threads. */
    public static final class Reader implements AutoCloseable {
        private final Path file;
        private final FileChannel ch;
        private final Header header;

        public Reader(Path file) {
            this.file = file;
            this.header = readHeader(file);
            if (header == null) throw new DatasetException(file, "not a valid cache file (rebuild it with prepare)");
            try {
                ch = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                throw new DatasetException(file, "cannot open cache file (" + e.getMessage() + ")", e);
            }
        }

        public Header header() {
            return header;
        }

        /** Copies image t [C, H, W] into dst at off. */
        public void read(int t, byte[] dst, int off) {
            if (t < 0 || t >= header.count) throw new IndexOutOfBoundsException("image " + t + " of " + header.count + " in " + file);
            long pos = HEADER_BYTES + t * header.imageBytes();
            ByteBuffer b = ByteBuffer.wrap(dst, off, (int) header.imageBytes());
            try {
                while (b.hasRemaining()) {
                    int r = ch.read(b, pos + b.position() - off);
                    if (r < 0) throw new IOException("unexpected end of file");
                }
            } catch (IOException e) {
                throw new DatasetException(file, "cannot read cache (" + e.getMessage() + ")", e);
            }
        }

        @Override
        public void close() {
            try {
                ch.close();
            } catch (IOException ignored) {
                // read-only channel
            }
        }
    }
}
