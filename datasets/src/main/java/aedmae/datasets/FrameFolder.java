package aedmae.datasets;

import aedmae.datasets.image.FrameReader;
import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.image.RgbFrame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A video stored as a folder of numbered images (JPEG, PNG, TIFF, BMP), in {@link NaturalOrder}
 * (so 2.jpg comes before 10.jpg); frame t is the t-th file
 * (0-based) whatever its number. Hidden files (".DS_Store", "._001.tif") are ignored.
 */
public final class FrameFolder implements VideoSource {
    private static final Pattern LAST_NUMBER = Pattern.compile("(\\d+)(?!.*\\d)");

    private final Path dir;
    private final List<Path> files;
    private final List<String> notes;

    private FrameFolder(Path dir, List<Path> files, List<String> notes) {
        this.dir = dir;
        this.files = List.copyOf(files);
        this.notes = List.copyOf(notes);
    }

    /**
     * Lists the image files of a folder in natural order.
     *
     * @throws DatasetException if the folder cannot be listed
     */
    public static FrameFolder list(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(ImageFiles::isImage).filter(Files::isRegularFile).sorted(NaturalOrder.PATHS).toList();
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot list frame folder (" + e.getMessage() + ")", e);
        }
        return new FrameFolder(dir, files, numberingNotes(files));
    }

    /** Whether a folder directly contains at least one image file. */
    public static boolean containsImages(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> !p.getFileName().toString().startsWith(".") && ImageFiles.isImage(p));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Path path() {
        return dir;
    }

    /** The frame files in frame order. */
    public List<Path> files() {
        return files;
    }

    @Override
    public int frameCount() {
        return files.size();
    }

    /** Decodes frame t (0-based position in natural order). */
    public RgbFrame read(int t) {
        return ImageFiles.read(files.get(t));
    }

    @Override
    public FrameReader open() {
        return new FrameReader() {
            int next;

            @Override
            public RgbFrame next() {
                return next < files.size() ? read(next++) : null;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public long fingerprint() {
        long h = 0x9E3779B97F4A7C15L;
        for (Path f : files) {
            long size = -1, mtime = -1;
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                size = a.size();
                mtime = a.lastModifiedTime().toMillis();
            } catch (IOException ignored) {
                // a vanished file changes the fingerprint, which is all that matters here
            }
            h = Fingerprint.mix(h, f.getFileName().toString().hashCode());
            h = Fingerprint.mix(h, size);
            h = Fingerprint.mix(h, mtime);
        }
        return h;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    /** The last number in a file name, or -1 if it has none. */
    static long numberOf(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        Matcher m = LAST_NUMBER.matcher(dot > 0 ? n.substring(0, dot) : n);
        if (!m.find()) return -1;
        String digits = m.group(1);
        return digits.length() > 18 ? Long.MAX_VALUE - 1 : Long.parseLong(digits);
    }

    private static List<String> numberingNotes(List<Path> files) {
        List<String> notes = new ArrayList<>();
        TreeSet<String> exts = new TreeSet<>();
        for (Path f : files) exts.add(ImageFiles.extension(f));
        if (exts.size() > 1) notes.add("mixed image types " + exts);
        long prev = Long.MIN_VALUE;
        int gaps = 0, dups = 0, unnumbered = 0;
        String firstGap = null;
        for (Path f : files) {
            long n = numberOf(f);
            if (n < 0) {
                unnumbered++;
                continue;
            }
            if (prev != Long.MIN_VALUE) {
                if (n == prev) dups++;
                else if (n != prev + 1) {
                    gaps++;
                    if (firstGap == null) firstGap = "frame numbers jump from " + prev + " to " + n;
                }
            }
            prev = n;
        }
        if (gaps > 0) notes.add(firstGap + (gaps > 1 ? " (" + gaps + " gaps)" : ""));
        if (dups > 0) notes.add(dups + " files share a frame number with another");
        if (unnumbered > 0) notes.add(unnumbered + " files without a frame number");
        return notes;
    }

    @Override
    public String toString() {
        return "FrameFolder[" + dir + ", " + files.size() + " frames]";
    }
}
