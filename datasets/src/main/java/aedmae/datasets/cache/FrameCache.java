package aedmae.datasets.cache;

import aedmae.datasets.Dataset;
import aedmae.datasets.DatasetException;
import aedmae.datasets.FrameFolder;
import aedmae.datasets.Fingerprint;
import aedmae.datasets.Video;
import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.gradient.MotionGradient;
import aedmae.datasets.image.BilinearResize;
import aedmae.datasets.image.FrameReader;
import aedmae.datasets.image.RgbFrame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The on-disk cache of one dataset at one model resolution H×W: per video, its frames decoded
 * and resized ({@code <dir>/<split>/<video>.frames}) and its motion gradients
 * ({@code <dir>/<split>/<video>.grad-median} or {@code .grad-plain}), all uint8 in the
 * {@link CacheFile} format. Building a video decodes it once, in order, and streams both files,
 * so memory stays at a few frames whatever the video's length. A file is fresh when its
 * header's key matches the hash of the current source files (names, sizes, mtimes) and the
 * parameters; otherwise it is rebuilt.
 */
public final class FrameCache {
    /** Bumped whenever resizing or gradients change, so older caches become stale. */
    public static final int ALGORITHM_VERSION = 1;

    private final Path dir;
    private final int height, width;

    /**
     * @param dir    the cache folder (created when needed)
     * @param height H of the cached frames
     * @param width  W of the cached frames
     */
    public FrameCache(Path dir, int height, int width) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("cache size must be positive: " + height + "x" + width);
        this.dir = dir;
        this.height = height;
        this.width = width;
    }

    /**
     * The default cache folder: {@code ./cache/<dataset>-<H>x<W>} under the current directory
     * (never inside the dataset, which may be read-only).
     */
    public static Path defaultDir(Dataset dataset, int height, int width) {
        return Path.of("cache").toAbsolutePath().resolve(dataset.safeName() + "-" + height + "x" + width);
    }

    public Path dir() {
        return dir;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public Path framesFile(Video v) {
        return dir.resolve(v.split().folder()).resolve(safe(v.name()) + ".frames");
    }

    public Path gradientFile(Video v, GradientMode mode) {
        return dir.resolve(v.split().folder()).resolve(safe(v.name()) + ".grad-" + mode.tag());
    }

    /** The state of a video's cache files. */
    public record Status(boolean framesFresh, Map<GradientMode, Boolean> gradientsFresh, int frames, int sourceWidth, int sourceHeight) {
        public boolean fresh(Set<GradientMode> modes) {
            if (!framesFresh) return false;
            for (GradientMode m : modes) if (!gradientsFresh.getOrDefault(m, false)) return false;
            return true;
        }
    }

    /** Checks headers and keys of a video's cache files (no decoding). */
    public Status status(Video v) {
        long source = v.source().fingerprint();
        CacheFile.Header fh = CacheFile.readHeader(framesFile(v));
        boolean framesFresh = matches(fh, CacheFile.Kind.FRAMES, key(source, CacheFile.Kind.FRAMES));
        Map<GradientMode, Boolean> grads = new EnumMap<>(GradientMode.class);
        for (GradientMode m : GradientMode.values()) {
            CacheFile.Kind k = kindOf(m);
            CacheFile.Header gh = CacheFile.readHeader(gradientFile(v, m));
            grads.put(m, framesFresh && matches(gh, k, key(source, k)) && gh.count() == fh.count());
        }
        return new Status(framesFresh, grads, framesFresh ? fh.count() : -1,
                framesFresh ? fh.sourceWidth() : -1, framesFresh ? fh.sourceHeight() : -1);
    }

    /** What building a video found. */
    public record BuildResult(int frames, int sourceWidth, int sourceHeight, boolean built, long packets, List<String> notes) {}

    /** Builds the video's cache files unless they are all fresh. */
    public BuildResult ensure(Video v, Set<GradientMode> modes) {
        Status s = status(v);
        if (s.fresh(modes)) return new BuildResult(s.frames(), s.sourceWidth(), s.sourceHeight(), false, -1, List.of());
        return build(v, modes, true);
    }

    /**
     * Decodes the whole video in order, resizes every frame to H×W and (when write) writes the
     * frames file and one gradient file per mode. With write = false it only decodes and checks
     * (readable frames, one frame size), which is what a dry-run of prepare does.
     *
     * @throws DatasetException naming the frame or video file for unreadable or truncated frames,
     *                          frames of different sizes, or an empty video
     */
    public BuildResult build(Video v, Set<GradientMode> modes, boolean write) {
        long source = v.source().fingerprint();
        List<CacheFile.Writer> writers = new ArrayList<>();
        Map<GradientMode, CacheFile.Writer> gradWriters = new EnumMap<>(GradientMode.class);
        List<String> notes = new ArrayList<>();
        try (FrameReader reader = v.source().open()) {
            CacheFile.Writer frames = null;
            if (write) {
                frames = new CacheFile.Writer(framesFile(v), CacheFile.Kind.FRAMES, 3, height, width, key(source, CacheFile.Kind.FRAMES));
                writers.add(frames);
                for (GradientMode m : modes) {
                    CacheFile.Kind k = kindOf(m);
                    CacheFile.Writer w = new CacheFile.Writer(gradientFile(v, m), k, 3, height, width, key(source, k));
                    writers.add(w);
                    gradWriters.put(m, w);
                }
            }
            // a window of the last three frames (resized, and median-filtered per mode): t−1, t, t+1
            Map<GradientMode, byte[][]> window = new EnumMap<>(GradientMode.class);
            for (GradientMode m : modes) window.put(m, new byte[3][]);
            byte[] grad = new byte[3 * height * width];
            int n = 0, sw = -1, sh = -1;
            RgbFrame f;
            while ((f = reader.next()) != null) {
                if (n == 0) {
                    sw = f.width();
                    sh = f.height();
                } else if (f.width() != sw || f.height() != sh) {
                    throw new DatasetException(frameFile(v, n), "frame " + n + " is " + f.sizeText() + " but frame 0 is " + sw + "x" + sh);
                }
                byte[] r = BilinearResize.resize(f, height, width).chw();
                if (frames != null) frames.append(r, 0);
                for (GradientMode m : modes) {
                    byte[][] w = window.get(m);
                    w[0] = w[1];
                    w[1] = w[2];
                    w[2] = m == GradientMode.MEDIAN ? MotionGradient.median(r, height, width) : r;
                    // frame n arrived: the gradient of frame n−1 needs n−2 (or n−1 itself at the start) and n
                    if (n >= 1 && write) {
                        MotionGradient.absDiff(w[0] != null ? w[0] : w[1], w[2], height, width, grad, 0);
                        gradWriters.get(m).append(grad, 0);
                    }
                }
                n++;
            }
            if (n == 0) throw new DatasetException(v.source().path(), v.source() instanceof FrameFolder
                    ? "empty folder: no frames (" + String.join(", ", aedmae.datasets.image.ImageFiles.EXTENSIONS) + ")"
                    : "no frames could be decoded");
            if (write) {
                for (GradientMode m : modes) {
                    // the last frame has no successor: its place is taken by the frame itself
                    byte[][] w = window.get(m);
                    MotionGradient.absDiff(w[1] != null ? w[1] : w[2], w[2], height, width, grad, 0);
                    gradWriters.get(m).append(grad, 0);
                }
            }
            long packets = -1;
            if (v.source() instanceof aedmae.datasets.VideoFile vf) {
                packets = vf.frameCount();
                if (packets != n) notes.add("container has " + packets + " video packets but " + n + " frames decode; using " + n);
            } else if (n != v.frameCount()) {
                notes.add(v.frameCount() + " files listed but " + n + " frames read");
            }
            if (write) {
                frames.commit(sw, sh);
                for (CacheFile.Writer w : gradWriters.values()) w.commit(sw, sh);
            }
            return new BuildResult(n, sw, sh, write, packets, notes);
        } finally {
            for (CacheFile.Writer w : writers) w.close();
        }
    }

    /** Opens a video's frames file for reading. */
    public CacheFile.Reader openFrames(Video v) {
        return new CacheFile.Reader(framesFile(v));
    }

    /** Opens a video's gradient file for reading. */
    public CacheFile.Reader openGradients(Video v, GradientMode mode) {
        return new CacheFile.Reader(gradientFile(v, mode));
    }

    public static CacheFile.Kind kindOf(GradientMode m) {
        return m == GradientMode.MEDIAN ? CacheFile.Kind.GRADIENT_MEDIAN : CacheFile.Kind.GRADIENT_PLAIN;
    }

    private long key(long sourceFingerprint, CacheFile.Kind kind) {
        long h = Fingerprint.mix(sourceFingerprint, height);
        h = Fingerprint.mix(h, width);
        h = Fingerprint.mix(h, kind.ordinal());
        h = Fingerprint.mix(h, CacheFile.VERSION);
        return Fingerprint.mix(h, ALGORITHM_VERSION);
    }

    private boolean matches(CacheFile.Header h, CacheFile.Kind kind, long key) {
        return h != null && h.kind() == kind && h.key() == key && h.channels() == 3 && h.height() == height && h.width() == width;
    }

    private static Path frameFile(Video v, int t) {
        return v.source() instanceof FrameFolder ff && t < ff.files().size() ? ff.files().get(t) : v.source().path();
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
