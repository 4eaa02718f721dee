package aedmae.localization;

import aedmae.datasets.regions.BoxLists;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Detected regions and the RBDC / TBDC curve as files:
 * <pre>
 *   regions/&lt;video&gt;.csv    frame,x_min,y_min,x_max,y_max,score   (one row per region; pixel indices, inclusive)
 *   regions/&lt;video&gt;.json   {"width": W, "height": H, "regions": [{"frame", "box", "score"}]}  ({@link BoxLists} format)
 *   detection-curve.csv      threshold,fpr,rbdr,tbdr               (one row per threshold)
 * </pre>
 * Coordinates are in the scored frame's pixels ({@code W × H}, the model input), frames 0-based.
 */
public final class RegionFiles {
    private RegionFiles() {}

    public static final String CSV_HEADER = "frame,x_min,y_min,x_max,y_max,score";

    /** Writes a video's regions as CSV (parent folders created, file replaced). */
    public static void writeCsv(Path file, VideoRegions v) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(CSV_HEADER);
            w.write('\n');
            for (int t = 0; t < v.frames(); t++) {
                for (ScoredBox b : v.regions(t)) {
                    double[] c = BoxLists.inclusive(b.box());
                    w.write(t + "," + num(c[0]) + "," + num(c[1]) + "," + num(c[2]) + "," + num(c[3]) + "," + b.score() + "\n");
                }
            }
        }
    }

    /** Writes a video's regions as a JSON box list with scores. */
    public static void writeJson(Path file, VideoRegions v) {
        List<BoxLists.Region> out = new ArrayList<>();
        for (int t = 0; t < v.frames(); t++)
            for (ScoredBox b : v.regions(t)) out.add(new BoxLists.Region(t, null, BoxLists.inclusive(b.box()), b.score()));
        BoxLists.writeJson(file, new BoxLists.Json(v.mapWidth(), v.mapHeight(), out));
    }

    /** Writes the curve (the first row's threshold is "inf"). */
    public static void writeCurve(Path file, DetectionCurve c) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("threshold,fpr,rbdr,tbdr\n");
            for (int i = 0; i < c.points(); i++) {
                w.write((Double.isInfinite(c.threshold()[i]) ? "inf" : Double.toString(c.threshold()[i])) + "," + c.fpr()[i] + ","
                        + c.rbdr()[i] + "," + c.tbdr()[i] + "\n");
            }
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
