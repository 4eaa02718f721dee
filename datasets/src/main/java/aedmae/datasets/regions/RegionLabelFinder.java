package aedmae.datasets.regions;

import aedmae.datasets.Dataset;
import aedmae.datasets.DatasetException;
import aedmae.datasets.Video;
import aedmae.datasets.image.FrameReader;
import aedmae.datasets.image.RgbFrame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the region labels (where the anomalies are) of a dataset's test videos. For a test video
 * {@code NAME} stored at {@code .../PARENT/NAME} (a frame folder or a video file), it looks, in order:
 * <ol>
 * <li>{@code PARENT/NAME_gt/} — a folder of per-frame masks, the original UCSD layout ({@code Test/Test001_gt/001.bmp});</li>
 * <li>in each of {@code PARENT/../regions}, {@code PARENT/regions}, {@code ROOT/testing/regions}, {@code ROOT/regions},
 *     {@code ROOT/testing/masks}: a mask folder {@code NAME/}, a JSON box list {@code NAME.json}, a text box
 *     list {@code NAME.txt} ({@link BoxLists}).</li>
 * </ol>
 * Labels are checked against the video's frame count; box lists without a frame size get the
 * video's (one frame decoded). Nothing found is not an error: most datasets have frame labels only.
 */
public final class RegionLabelFinder {
    private RegionLabelFinder() {}

    /**
     * What was found.
     *
     * @param byVideo test video name → its region labels (only videos that have some)
     * @param note    one line for people ("region labels: UCSD masks for 12 of 12 test videos, 310 regions in 14 tracks"), or null when none
     */
    public record Found(Map<String, RegionLabels> byVideo, String note) {
        public boolean any() {
            return !byVideo.isEmpty();
        }
    }

    /**
     * Region labels of every test video that has them.
     *
     * @throws DatasetException naming the file when a label file is malformed or does not fit its video
     */
    public static Found find(Dataset dataset) {
        Map<String, RegionLabels> found = new LinkedHashMap<>();
        Set<String> formats = new TreeSet<>();
        int regions = 0, tracks = 0;
        for (Video v : dataset.test()) {
            RegionLabels r = forVideo(dataset.root(), v);
            if (r == null) continue;
            found.put(v.name(), r);
            formats.add(r.format());
            regions += r.regionCount();
            tracks += r.trackCount();
        }
        if (found.isEmpty()) return new Found(Map.of(), null);
        String note = String.format("region labels: %s for %d of %d test videos, %d regions in %d tracks",
                String.join(" + ", formats), found.size(), dataset.test().size(), regions, tracks);
        return new Found(found, note);
    }

    /** The region labels of one test video, checked against its frames; null when it has none. */
    public static RegionLabels forVideo(Path root, Video v) {
        Path p = v.source().path();
        Path parent = p.getParent();
        if (parent != null && Files.isDirectory(parent.resolve(v.name() + "_gt")))
            return fit(MaskRegions.read(parent.resolve(v.name() + "_gt"), "UCSD masks"), v);
        for (Path d : candidateDirs(root, parent)) {
            if (Files.isDirectory(d.resolve(v.name()))) return fit(MaskRegions.read(d.resolve(v.name()), "mask folders"), v);
            if (Files.isRegularFile(d.resolve(v.name() + ".json"))) return fit(BoxLists.readJson(d.resolve(v.name() + ".json")), v);
            if (Files.isRegularFile(d.resolve(v.name() + ".txt"))) return fit(BoxLists.readText(d.resolve(v.name() + ".txt")), v);
        }
        return null;
    }

    private static List<Path> candidateDirs(Path root, Path parent) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (parent != null && parent.getParent() != null) dirs.add(parent.getParent().resolve("regions"));
        if (parent != null) dirs.add(parent.resolve("regions"));
        if (Files.isDirectory(root)) {
            dirs.add(root.resolve("testing/regions"));
            dirs.add(root.resolve("regions"));
            dirs.add(root.resolve("testing/masks"));
        }
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) if (Files.isDirectory(d)) out.add(d);
        return out;
    }

    private static RegionLabels fit(RegionLabels r, Video v) {
        r.checkedFor(v.frameCount());
        if (r.sizeKnown()) return r;
        try (FrameReader reader = v.source().open()) {
            RgbFrame first = reader.next();
            if (first == null) throw new DatasetException(v.source().path(), "no frames to take the region labels' frame size from");
            return r.withFrameSize(first.width(), first.height());
        }
    }
}
