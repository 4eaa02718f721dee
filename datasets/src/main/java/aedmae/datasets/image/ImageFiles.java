package aedmae.datasets.image;

import aedmae.datasets.DatasetException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads still frames (JPEG, PNG, TIFF, BMP) with javax.imageio into {@link RgbFrame}s, and
 * writes PNGs. A truncated or corrupt file is an error, not a half-grey frame: the JPEG reader
 * only warns ("Premature end of JPEG file") and fills the rest, so warnings are errors here.
 */
public final class ImageFiles {
    /** Lower-case extensions of the frame files this module reads. */
    public static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "tif", "tiff", "bmp");

    static {
        // no temporary files: frames are small and read from many threads
        ImageIO.setUseCache(false);
    }

    private ImageFiles() {}

    /** True if the file name has one of {@link #EXTENSIONS}. */
    public static boolean isImage(Path file) {
        return EXTENSIONS.contains(extension(file));
    }

    /** Lower-case extension without the dot ("" if none). */
    public static String extension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Decodes one image file to RGB (grayscale replicated to three channels).
     *
     * @throws DatasetException if the file is missing, not an image, truncated or corrupt
     */
    public static RgbFrame read(Path file) {
        try (ImageInputStream in = open(file)) {
            ImageReader reader = readerFor(file, in);
            try {
                List<String> warnings = new ArrayList<>(1);
                reader.addIIOReadWarningListener(warningsInto(warnings));
                reader.setInput(in, true, true);
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty())
                    throw new DatasetException(file, "corrupt or truncated image (" + warnings.get(0) + ")");
                return RgbFrame.fromImage(img);
            } finally {
                reader.dispose();
            }
        } catch (DatasetException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(file, "unreadable image (" + describe(e) + ")", e);
        }
    }

    /** Reads only the header: {height, width}. */
    public static int[] readSize(Path file) {
        try (ImageInputStream in = open(file)) {
            ImageReader reader = readerFor(file, in);
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getHeight(0), reader.getWidth(0)};
            } finally {
                reader.dispose();
            }
        } catch (DatasetException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(file, "unreadable image header (" + describe(e) + ")", e);
        }
    }

    /** Writes a frame as PNG (atomically: temporary file, then rename). */
    public static void writePng(RgbFrame frame, Path file) {
        writePng(frame.toImage(), file);
    }

    /** Writes an image as PNG (atomically: temporary file, then rename). */
    public static void writePng(BufferedImage image, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".tmp-", ".png");
            try {
                if (!ImageIO.write(image, "png", tmp.toFile())) throw new IOException("no PNG writer");
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new DatasetException(file, "cannot write PNG (" + describe(e) + ")", e);
        }
    }

    private static ImageInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        if (Files.size(file) == 0) throw new DatasetException(file, "empty file (0 bytes)");
        ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
        if (in == null) throw new IOException("cannot open");
        return in;
    }

    private static ImageReader readerFor(Path file, ImageInputStream in) {
        Iterator<ImageReader> it = ImageIO.getImageReaders(in);
        if (!it.hasNext()) throw new DatasetException(file, "not a readable image (unknown format)");
        return it.next();
    }

    private static IIOReadWarningListener warningsInto(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
