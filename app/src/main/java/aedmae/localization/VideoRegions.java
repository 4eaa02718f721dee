package aedmae.localization;

import java.util.ArrayList;
import java.util.List;

/**
 * The detected regions of one video, frame by frame, in the pixel grid of its anomaly maps
 * ({@code mapWidth × mapHeight}, the scored frame). Filled in frame order by {@link #accept}, which
 * {@code VideoScorer} calls with each 3-D-smoothed map.
 */
public final class VideoRegions {
    private final String name;
    private final int mapHeight, mapWidth;
    private final RegionExtractor extractor;
    private final List<List<ScoredBox>> frames = new ArrayList<>();

    public VideoRegions(String name, int mapHeight, int mapWidth, RegionExtractor extractor) {
        this.name = name;
        this.mapHeight = mapHeight;
        this.mapWidth = mapWidth;
        this.extractor = extractor;
    }

    /** A video's regions given directly (tests, regions computed elsewhere). */
    public static VideoRegions of(String name, int mapHeight, int mapWidth, List<List<ScoredBox>> frames) {
        VideoRegions v = new VideoRegions(name, mapHeight, mapWidth, null);
        for (List<ScoredBox> f : frames) v.frames.add(List.copyOf(f));
        return v;
    }

    /** Extracts the regions of frame t from its map {@code [H, W]} (not modified, not kept). */
    public void accept(int t, float[] map) {
        if (t != frames.size()) throw new IllegalStateException("video " + name + ": frame " + t + " arrived, expected " + frames.size());
        frames.add(extractor.extract(map, mapHeight, mapWidth));
    }

    public String name() {
        return name;
    }

    public int mapHeight() {
        return mapHeight;
    }

    public int mapWidth() {
        return mapWidth;
    }

    /** Frames seen so far. */
    public int frames() {
        return frames.size();
    }

    /** Regions of frame t, in map pixels. */
    public List<ScoredBox> regions(int t) {
        return frames.get(t);
    }

    /** Every frame's regions scaled to a {@code width × height} frame (e.g. the label's). */
    public List<List<ScoredBox>> scaledTo(int width, int height) {
        double sx = (double) width / mapWidth, sy = (double) height / mapHeight;
        List<List<ScoredBox>> out = new ArrayList<>(frames.size());
        for (List<ScoredBox> f : frames) out.add(f.stream().map(b -> b.scaled(sx, sy)).toList());
        return out;
    }

    /** Number of regions over all frames. */
    public int count() {
        int n = 0;
        for (List<ScoredBox> f : frames) n += f.size();
        return n;
    }
}
