package aedmae.datasets.regions;

import aedmae.datasets.DatasetException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the anomalies of one test video are: per frame (0-based), the ground-truth abnormal regions
 * as boxes, each with the id of its track (the same abnormal object followed through time). Boxes
 * are in the pixel grid of a {@code width × height} frame (the mask's size, or the size a box list
 * declares; -1 until known). Regions come from pixel masks (one region per 8-connected blob) or from
 * box lists; tracks from the file's ids, or else from {@link TrackLinker}.
 */
public final class RegionLabels {
    private final Path source;
    private final String format;
    private final int width, height;
    private final boolean fixedLength;
    private final List<List<Box>> regions;
    private final List<int[]> tracks;
    private final int trackCount;
    private boolean tracksLinked;

    private RegionLabels(Path source, String format, int width, int height, boolean fixedLength,
                         List<List<Box>> regions, List<int[]> tracks) {
        if (regions.size() != tracks.size()) throw new IllegalArgumentException("one track-id array per frame expected");
        this.source = source;
        this.format = format;
        this.width = width;
        this.height = height;
        this.fixedLength = fixedLength;
        List<List<Box>> r = new ArrayList<>(regions.size());
        for (List<Box> f : regions) r.add(List.copyOf(f));
        this.regions = List.copyOf(r);
        this.tracks = tracks.stream().map(int[]::clone).toList();
        int max = -1;
        for (int t = 0; t < tracks.size(); t++) {
            if (tracks.get(t).length != regions.get(t).size())
                throw new IllegalArgumentException("frame " + t + ": " + regions.get(t).size() + " regions but " + tracks.get(t).length + " track ids");
            for (int id : tracks.get(t)) max = Math.max(max, id);
        }
        this.trackCount = max + 1;
    }

    /**
     * Labels with explicit or linked tracks.
     *
     * @param source      the file or folder they came from (for messages)
     * @param format      what it was ("UCSD masks", "JSON boxes", ...)
     * @param width       frame width of the box coordinates, or -1 when the video decides
     * @param height      frame height, or -1
     * @param fixedLength true when the labels cover exactly the video's frames (one mask per frame);
     *                    false for box lists, which name only frames with regions
     * @param regions     per frame, its boxes
     * @param trackIds    per frame, any integer id per box (remapped to 0, 1, ... in order of first
     *                    appearance), or null to link regions into tracks with {@code linker}
     */
    public static RegionLabels of(Path source, String format, int width, int height, boolean fixedLength,
                                  List<List<Box>> regions, List<int[]> trackIds, TrackLinker linker) {
        List<int[]> ids;
        if (trackIds == null) {
            ids = linker.link(regions);
        } else {
            Map<Integer, Integer> remap = new HashMap<>();
            ids = new ArrayList<>();
            for (int[] f : trackIds) {
                int[] m = new int[f.length];
                for (int i = 0; i < f.length; i++) m[i] = remap.computeIfAbsent(f[i], k -> remap.size());
                ids.add(m);
            }
        }
        RegionLabels r = new RegionLabels(source, format, width, height, fixedLength, regions, ids);
        r.tracksLinked = trackIds == null;
        return r;
    }

    /** True when the tracks were linked by {@link TrackLinker} rather than given with the regions. */
    public boolean tracksLinked() {
        return tracksLinked;
    }

    public Path source() {
        return source;
    }

    /** How the labels were stored, e.g. "UCSD masks" or "JSON boxes". */
    public String format() {
        return format;
    }

    /** Width of the frame the boxes are in, or -1 when unknown (the video's own frame size). */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public boolean sizeKnown() {
        return width > 0 && height > 0;
    }

    /** The same labels with the frame size given (for box lists that do not declare it). */
    public RegionLabels withFrameSize(int w, int h) {
        RegionLabels r = new RegionLabels(source, format, w, h, fixedLength, regions, tracks);
        r.tracksLinked = tracksLinked;
        return r;
    }

    /** Frames described (for box lists: up to the last frame with a region). */
    public int frames() {
        return regions.size();
    }

    /** The regions of frame t (0-based); empty past the last described frame. */
    public List<Box> regions(int t) {
        return t < regions.size() ? regions.get(t) : List.of();
    }

    /** The track ids of frame t's regions, parallel to {@link #regions(int)}. */
    public int[] trackIds(int t) {
        return t < tracks.size() ? tracks.get(t).clone() : new int[0];
    }

    /** Number of regions over all frames. */
    public int regionCount() {
        int n = 0;
        for (List<Box> f : regions) n += f.size();
        return n;
    }

    /** Number of tracks (ids 0 .. trackCount-1). */
    public int trackCount() {
        return trackCount;
    }

    /** Frames holding at least one region. */
    public int framesWithRegions() {
        int n = 0;
        for (List<Box> f : regions) if (!f.isEmpty()) n++;
        return n;
    }

    /** Why these labels do not fit a video of frameCount frames, or null if they fit. */
    public String problemFor(int frameCount) {
        if (fixedLength && regions.size() != frameCount)
            return "region labels give " + regions.size() + " frames but the video has " + frameCount;
        if (!fixedLength && regions.size() > frameCount)
            return "a region is labelled on frame " + (regions.size() - 1) + " (0-based) but the video has " + frameCount + " frames";
        return null;
    }

    /**
     * Checks the labels against a video of frameCount frames.
     *
     * @throws DatasetException naming the label source if they do not fit
     */
    public RegionLabels checkedFor(int frameCount) {
        String p = problemFor(frameCount);
        if (p != null) throw new DatasetException(source, p);
        return this;
    }

    @Override
    public String toString() {
        return "RegionLabels[" + source + ", " + format + ", " + regions.size() + " frames, " + regionCount() + " regions, " + trackCount + " tracks]";
    }
}
