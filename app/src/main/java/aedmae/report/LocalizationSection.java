package aedmae.report;

import aedmae.localization.Localization;
import aedmae.localization.LocalizationSummary;
import aedmae.localization.RegionFiles;
import aedmae.localization.VideoRegions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's "where" part: writes each video's detected regions ({@code regions/<video>.csv},
 * {@code .json}), the RBDC / TBDC curve ({@code detection-curve.csv}, {@code detection-curve.png})
 * and renders the report section.
 */
final class LocalizationSection {
    private LocalizationSection() {}

    /** Writes the files; returns the chart, or null when nothing was evaluated. */
    static Path write(Path dir, Localization loc, Map<String, String> fileNames) throws IOException {
        for (VideoRegions v : loc.videos()) {
            String f = fileNames.getOrDefault(v.name(), ReportWriter.safeFileName(v.name()));
            RegionFiles.writeCsv(dir.resolve("regions").resolve(f + ".csv"), v);
            RegionFiles.writeJson(dir.resolve("regions").resolve(f + ".json"), v);
        }
        if (!loc.evaluated()) return null;
        RegionFiles.writeCurve(dir.resolve("detection-curve.csv"), loc.curve());
        Path png = dir.resolve("detection-curve.png");
        DetectionCurveChart.write(png, "RBDC / TBDC: detection rate versus false positives per frame", loc.curve(), loc.summary());
        return png;
    }

    /** The headline line printed by the tool. */
    static String line(LocalizationSummary s) {
        return String.format(Locale.ROOT, "RBDC %s %%, TBDC %s %% (region and track overlap %s; %d videos with region labels, %d regions in %d tracks)",
                ReportWriter.pct(s.rbdc()), ReportWriter.pct(s.tbdc()), num(s.regionOverlap()), s.videos(), s.regions(), s.tracks());
    }

    static List<String[]> rows(LocalizationSummary s) {
        return List.of(
                new String[] {"RBDC (region-based detection criterion)", ReportWriter.pct(s.rbdc()) + " %"},
                new String[] {"TBDC (track-based detection criterion)", ReportWriter.pct(s.tbdc()) + " %"},
                new String[] {"region detection rate at 1 false positive per frame", ReportWriter.pct(s.rbdrAtOneFp()) + " %"},
                new String[] {"track detection rate at 1 false positive per frame", ReportWriter.pct(s.tbdrAtOneFp()) + " %"},
                new String[] {"overlap thresholds", "region IoU ≥ " + num(s.regionOverlap()) + ", track fraction ≥ " + num(s.trackOverlap())},
                new String[] {"ground truth", s.videos() + " videos, " + s.frames() + " frames, " + s.regions() + " regions, " + s.tracks() + " tracks"},
                new String[] {"tracks", s.tracksFrom()},
                new String[] {"detected regions", s.detections() + " candidates: " + s.regionMethod()});
    }

    static String note() {
        return "RBDC and TBDC in %: areas under the region and track detection rate versus false-positive regions per frame, "
                + "FPR from 0 to 1, sweeping a threshold on the regions' scores (Ramachandra and Jones, WACV 2020). A ground-truth region is "
                + "detected by a region of IoU ≥ β; a track when a fraction ≥ α of its regions is; a region overlapping no ground truth is a false positive. "
                + "Green dashed boxes on the overlays: ground truth; red: detected regions with their scores.";
    }

    static String markdown(LocalizationSummary s, Path chart) {
        StringBuilder b = new StringBuilder("## Where: RBDC and TBDC\n\n| measure | value |\n|---|---:|\n");
        for (String[] r : rows(s)) b.append("| ").append(r[0]).append(" | ").append(r[1].replace("|", "\\|")).append(" |\n");
        b.append("\n- ").append(note()).append("\n\n");
        if (chart != null) b.append("![RBDC / TBDC curves](").append(chart.getFileName()).append(")\n\n");
        return b.toString();
    }

    static String html(LocalizationSummary s, Path chart, Path dir, boolean embed) {
        StringBuilder b = new StringBuilder("<h2>Where: RBDC and TBDC</h2>\n<table><tr><th>measure</th><th>value</th></tr>\n");
        for (String[] r : rows(s)) b.append("<tr><td>").append(ReportWriter.esc(r[0])).append("</td><td>").append(ReportWriter.esc(r[1])).append("</td></tr>\n");
        b.append("</table>\n<p>").append(ReportWriter.esc(note())).append("</p>\n");
        if (chart != null) b.append(ReportWriter.img(chart, "RBDC / TBDC curves", dir, embed)).append('\n');
        return b.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
