package aedmae.datasets.regions;

import aedmae.datasets.DatasetException;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Region labels as per-frame box lists, one file per video. Frames are 0-based; a box is
 * {@code x_min, y_min, x_max, y_max} in pixel indices, inclusive (as in the public RBDC/TBDC track
 * files). Frames not named have no region.
 * <ul>
 * <li>Text ({@code <video>.txt}): one region per line, {@code track, frame, x_min, y_min, x_max, y_max}
 *     (the public track-file format) or {@code frame, x_min, y_min, x_max, y_max} (tracks then linked
 *     by {@link TrackLinker}); separated by commas or whitespace; '#' starts a comment. The frame
 *     size is the video's.</li>
 * <li>JSON ({@code <video>.json}): {@code {"width": W, "height": H, "regions": [{"frame": 12,
 *     "track": 0, "box": [x_min, y_min, x_max, y_max]}, ...]}}; width, height and track optional.</li>
 * </ul>
 */
public final class BoxLists {
    private BoxLists() {}

    /** The JSON file's content. */
    public record Json(Integer width, Integer height, List<Region> regions) {}

    /** One region of the JSON file; score is set in detection files and ignored in labels. */
    public record Region(Integer frame, Integer track, double[] box, Double score) {}

    /** Reads a {@code .json} or {@code .txt} box list. */
    public static RegionLabels read(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".json") ? readJson(file) : readText(file);
    }

    public static RegionLabels readText(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException(file, "unreadable region file (" + e.getMessage() + ")", e);
        }
        Builder b = new Builder(file);
        int columns = -1;
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            line = line.strip();
            if (line.isEmpty()) continue;
            String[] tok = line.split("[\\s,;]+");
            if (tok.length != 5 && tok.length != 6)
                throw new DatasetException(file, "line " + (ln + 1) + " has " + tok.length
                        + " values, expected 'track, frame, x_min, y_min, x_max, y_max' or 'frame, x_min, y_min, x_max, y_max'");
            if (columns < 0) columns = tok.length;
            else if (columns != tok.length)
                throw new DatasetException(file, "line " + (ln + 1) + " has " + tok.length + " values but earlier lines have " + columns);
            double[] v = new double[tok.length];
            for (int i = 0; i < tok.length; i++) {
                try {
                    v[i] = Double.parseDouble(tok[i]);
                } catch (NumberFormatException e) {
                    throw new DatasetException(file, "line " + (ln + 1) + ": '" + tok[i] + "' is not a number");
                }
            }
            int o = tok.length - 5;
            Integer track = o == 1 ? integer(file, ln, v[0], "track id") : null;
            b.add(ln + 1, integer(file, ln, v[o], "frame"), track, new double[] {v[o + 1], v[o + 2], v[o + 3], v[o + 4]});
        }
        return b.build("text boxes", -1, -1);
    }

    public static RegionLabels readJson(Path file) {
        Json j;
        try {
            j = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), Json.class);
        } catch (IOException e) {
            throw new DatasetException(file, "unreadable region file (" + e.getMessage() + ")", e);
        } catch (JsonParseException e) {
            throw new DatasetException(file, "malformed JSON (" + e.getMessage() + ")", e);
        }
        if (j == null || j.regions() == null) throw new DatasetException(file, "no \"regions\" list");
        if ((j.width() == null) != (j.height() == null) || (j.width() != null && (j.width() <= 0 || j.height() <= 0)))
            throw new DatasetException(file, "\"width\" and \"height\" must both be given and positive, or both left out");
        Builder b = new Builder(file);
        for (int i = 0; i < j.regions().size(); i++) {
            Region r = j.regions().get(i);
            if (r == null || r.frame() == null || r.box() == null || r.box().length != 4)
                throw new DatasetException(file, "region " + i + " needs \"frame\" and a 4-number \"box\" [x_min, y_min, x_max, y_max]");
            b.add(-1 - i, r.frame(), r.track(), r.box());
        }
        return b.build("JSON boxes", j.width() == null ? -1 : j.width(), j.height() == null ? -1 : j.height());
    }

    /** Writes a JSON box list (atomically). */
    public static void writeJson(Path file, Json content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, new GsonBuilder().create().toJson(content) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot write region list (" + e.getMessage() + ")", e);
        }
    }

    /** An inclusive {@code [x_min, y_min, x_max, y_max]} of a box with integer edges. */
    public static double[] inclusive(Box b) {
        return new double[] {b.x0(), b.y0(), b.x1() - 1, b.y1() - 1};
    }

    /**
     * Writes labels as a JSON box list (atomically), with their frame size and track ids. Box
     * coordinates are written inclusive: {@code x_max = x1 - 1}.
     */
    public static void writeJson(Path file, RegionLabels labels) {
        List<Region> out = new ArrayList<>();
        for (int t = 0; t < labels.frames(); t++) {
            List<Box> bs = labels.regions(t);
            int[] ids = labels.trackIds(t);
            for (int i = 0; i < bs.size(); i++) {
                Box x = bs.get(i);
                out.add(new Region(t, ids[i], inclusive(x), null));
            }
        }
        writeJson(file, new Json(labels.sizeKnown() ? labels.width() : null, labels.sizeKnown() ? labels.height() : null, out));
    }

    private static int integer(Path file, int ln, double v, String what) {
        if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE)
            throw new DatasetException(file, "line " + (ln + 1) + ": " + what + " " + v + " is not a non-negative integer");
        return (int) v;
    }

    /** Collects regions in any frame order. */
    private static final class Builder {
        final Path file;
        final List<List<Box>> regions = new ArrayList<>();
        final List<List<Integer>> tracks = new ArrayList<>();
        boolean anyTrack, anyUntracked;

        Builder(Path file) {
            this.file = file;
        }

        /** where: a 1-based line number, or -1-i for JSON region i. */
        void add(int where, int frame, Integer track, double[] box) {
            String at = where > 0 ? "line " + where : "region " + (-1 - where);
            if (frame < 0) throw new DatasetException(file, at + ": negative frame " + frame);
            if (!(box[2] >= box[0] && box[3] >= box[1]) || box[0] < 0 || box[1] < 0)
                throw new DatasetException(file, at + ": box " + java.util.Arrays.toString(box) + " needs 0 <= x_min <= x_max and 0 <= y_min <= y_max");
            while (regions.size() <= frame) {
                regions.add(new ArrayList<>());
                tracks.add(new ArrayList<>());
            }
            regions.get(frame).add(Box.ofInclusive(box[0], box[1], box[2], box[3]));
            tracks.get(frame).add(track == null ? -1 : track);
            if (track == null) anyUntracked = true;
            else anyTrack = true;
        }

        RegionLabels build(String format, int width, int height) {
            if (anyTrack && anyUntracked) throw new DatasetException(file, "some regions have a track id and some do not");
            List<int[]> ids = anyTrack ? tracks.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList() : null;
            return RegionLabels.of(file, format, width, height, false, regions, ids, TrackLinker.defaults());
        }
    }
}
