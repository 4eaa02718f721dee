package aedmae.datasets.regions;

import aedmae.datasets.DatasetException;
import aedmae.datasets.NaturalOrder;
import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.image.RgbFrame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Region labels from per-frame pixel masks: a folder with one image per frame in natural order
 * (the original UCSD {@code Test/Test001_gt/001.bmp} layout, or PNG masks), a pixel abnormal where
 * any channel is non-zero; each 8-connected blob of abnormal pixels is one region (its bounding
 * box); blobs link into tracks with {@link TrackLinker#defaults()}.
 */
public final class MaskRegions {
    private MaskRegions() {}

    /** Blobs smaller than this many pixels are ignored (stray specks in hand-drawn masks). */
    public static final int MIN_AREA = 4;

    /**
     * Reads a folder of mask images.
     *
     * @throws DatasetException naming the folder or file: an empty folder, an unreadable image, masks of different sizes
     */
    public static RegionLabels read(Path dir, String format) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(ImageFiles::isImage)
                    .filter(Files::isRegularFile).sorted(NaturalOrder.PATHS).toList();
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot list mask folder (" + e.getMessage() + ")", e);
        }
        if (files.isEmpty()) throw new DatasetException(dir, "mask folder holds no images");
        int h = -1, w = -1;
        List<List<Box>> regions = new ArrayList<>(files.size());
        for (Path f : files) {
            RgbFrame m = ImageFiles.read(f);
            if (h < 0) {
                h = m.height();
                w = m.width();
            } else if (m.height() != h || m.width() != w) {
                throw new DatasetException(f, "mask is " + m.sizeText() + " but the first mask of the folder is " + w + "x" + h);
            }
            regions.add(boxes(m));
        }
        return RegionLabels.of(dir, format, w, h, true, regions, null, TrackLinker.defaults());
    }

    /** The regions of one mask: bounding boxes of its blobs of at least {@link #MIN_AREA} pixels. */
    public static List<Box> boxes(RgbFrame mask) {
        int plane = mask.planeSize();
        boolean[] on = new boolean[plane];
        byte[] px = mask.chw();
        for (int i = 0; i < plane; i++) on[i] = px[i] != 0 || px[plane + i] != 0 || px[2 * plane + i] != 0;
        return ConnectedComponents.find(on, mask.height(), mask.width(), MIN_AREA).stream().map(ConnectedComponents.Component::box).toList();
    }
}
