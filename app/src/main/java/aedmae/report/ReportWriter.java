package aedmae.report;

import aedmae.eval.FrameLevelAuc;
import aedmae.eval.FrameLevelAucResult;
import aedmae.eval.FrameReduction;
import aedmae.eval.FrameScores;
import aedmae.eval.GaussianSmoothing1d;
import aedmae.eval.MapSmoothing;
import aedmae.eval.Normalisation;
import aedmae.eval.RocAuc;
import aedmae.eval.RocCurve;
import aedmae.eval.ScoringConfig;
import aedmae.eval.VideoAuc;
import aedmae.eval.VideoScores;
import aedmae.localization.Localization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a run's evaluation into a report folder, independent of the training code:
 * <pre>
 *   summary.json          protocol card + AUCs (see {@link EvaluationSummary})
 *   report.md             the report page, Markdown (images linked)
 *   report.html           the report page, HTML (images inline unless turned off)
 *   roc.png               ROC of the final scores: micro curve, per-video curves faint
 *   histogram.png         final scores of normal vs abnormal frames
 *   scores/&lt;video&gt;.csv   frame,raw,smoothed,label per video ({@link FrameScoresCsv})
 *   plots/&lt;video&gt;.png    score versus frame, ground truth shaded ({@link ScoreTimelineChart})
 *   overlays/*.png        anomaly-map overlays written by the caller beforehand; linked when present
 *   regions/&lt;video&gt;.csv  detected regions per frame (and .json), when given a {@link Localization}
 *   detection-curve.png   RBDC / TBDC curves (and .csv), where region labels exist
 * </pre>
 * Videos without labels still get CSVs and plots; AUCs (and roc.png, histogram.png) need labels on
 * every video.
 */
public final class ReportWriter {
    private ReportWriter() {}

    static final String OVERLAYS = "overlays";

    /** {@link #write(Path, ProtocolCard, List, ReportOptions)} with {@link ReportOptions#defaults()}. */
    public static Report write(Path dir, ProtocolCard card, List<FrameScores> videos) throws IOException {
        return write(dir, card, videos, ReportOptions.defaults());
    }

    /**
     * Evaluates the videos and writes the report folder (created; existing files of the same names replaced).
     *
     * @param dir     the report folder
     * @param card    the run's protocol card
     * @param videos  per-video scores, in report order; names must be distinct
     * @param options what to draw
     */
    public static Report write(Path dir, ProtocolCard card, List<FrameScores> videos, ReportOptions options) throws IOException {
        return write(dir, card, videos, options, null);
    }

    /**
     * {@link #write(Path, ProtocolCard, List, ReportOptions)} with the "where": each video's detected
     * regions ({@code regions/}) and, when evaluated, RBDC / TBDC in the summary and on the page
     * ({@code detection-curve.png}, {@code detection-curve.csv}). localization may be null.
     */
    public static Report write(Path dir, ProtocolCard card, List<FrameScores> videos, ReportOptions options,
                               Localization localization) throws IOException {
        if (videos.isEmpty()) throw new IllegalArgumentException("report: no videos");
        Files.createDirectories(dir);
        Map<String, String> fileNames = new LinkedHashMap<>();
        for (FrameScores v : videos) {
            String f = safeFileName(v.name());
            if (fileNames.containsValue(f) || fileNames.containsKey(v.name())) {
                throw new IllegalArgumentException("report: two videos named '" + v.name() + "' (file name " + f + ")");
            }
            fileNames.put(v.name(), f);
        }

        boolean labelled = videos.stream().allMatch(FrameScores::labelled);
        FrameLevelAucResult raw = null, smoothed = null;
        int frames = 0, abnormal = labelled ? 0 : -1;
        List<VideoScores> rawScores = new ArrayList<>(), smoothedScores = new ArrayList<>();
        for (FrameScores v : videos) {
            frames += v.frames();
            if (labelled) {
                rawScores.add(v.rawScores());
                smoothedScores.add(v.smoothedScores());
                abnormal += smoothedScores.get(smoothedScores.size() - 1).abnormalFrames();
            }
        }
        if (labelled) {
            raw = FrameLevelAuc.evaluate(rawScores);
            smoothed = FrameLevelAuc.evaluate(smoothedScores);
        }
        EvaluationSummary summary = new EvaluationSummary(card, videos.size(), frames, abnormal, raw, smoothed,
                localization == null ? null : localization.summary());

        Path summaryJson = dir.resolve("summary.json");
        SummaryJson.write(summaryJson, summary);

        Map<String, Path> csvs = new LinkedHashMap<>();
        Map<String, Path> plots = new LinkedHashMap<>();
        for (int i = 0; i < videos.size(); i++) {
            FrameScores v = videos.get(i);
            Path csv = dir.resolve("scores").resolve(fileNames.get(v.name()) + ".csv");
            FrameScoresCsv.write(csv, v);
            csvs.put(v.name(), csv);
            if (options.perVideoPlots()) {
                Path png = dir.resolve("plots").resolve(fileNames.get(v.name()) + ".png");
                String title = "video " + v.name();
                if (smoothed != null) {
                    VideoAuc sm = smoothed.perVideo().get(i), rw = raw.perVideo().get(i);
                    title += sm.defined()
                            ? ": AUC " + pct(sm.auc()) + " (smoothed), " + pct(rw.auc()) + " (raw)"
                            : ": one class only; padded AUC " + pct(sm.paddedAuc()) + " (smoothed), " + pct(rw.paddedAuc()) + " (raw)";
                }
                ScoreTimelineChart.write(png, title, v);
                plots.put(v.name(), png);
            }
        }

        Path roc = null, histogram = null;
        if (labelled) {
            double[] all = concat(smoothedScores);
            int[] allLabels = concatLabels(smoothedScores);
            if (!Double.isNaN(smoothed.micro())) {
                Map<String, RocCurve> per = new LinkedHashMap<>();
                if (options.perVideoRocCurves()) {
                    for (VideoScores v : smoothedScores) per.put(v.name(), RocAuc.curve(v.scores(), v.labels()));
                }
                roc = dir.resolve("roc.png");
                RocChart.write(roc, card.dataset() + ": ROC of the final frame scores", RocAuc.curve(all, allLabels),
                        smoothed.micro(), per, 640, 640);
            }
            if (options.histogram()) {
                histogram = dir.resolve("histogram.png");
                ScoreHistogramChart.write(histogram, card.dataset() + ": final frame scores", smoothedScores, 50, 800, 400);
            }
        }

        Path detectionChart = localization == null ? null : LocalizationSection.write(dir, localization, fileNames);
        String whereMd = summary.localization() == null ? "" : LocalizationSection.markdown(summary.localization(), detectionChart);
        String whereHtml = summary.localization() == null ? "" : LocalizationSection.html(summary.localization(), detectionChart, dir, options.embedImagesInHtml());
        List<Path> overlays = listOverlays(dir);
        Path md = dir.resolve("report.md");
        Files.writeString(md, markdown(summary, videos, fileNames, roc != null, histogram != null, options.perVideoPlots(), overlays, dir, whereMd),
                StandardCharsets.UTF_8);
        Path html = dir.resolve("report.html");
        Files.writeString(html, html(summary, videos, fileNames, roc, histogram, plots, overlays, dir, options.embedImagesInHtml(), whereHtml),
                StandardCharsets.UTF_8);
        return new Report(summary, dir, summaryJson, md, html, roc, histogram, csvs, plots);
    }

    /** "RBDC 61.20 %, TBDC 85.00 % (...)": the one line a command prints. */
    public static String localizationLine(aedmae.localization.LocalizationSummary s) {
        return LocalizationSection.line(s);
    }

    /** A file name for a video name: characters other than letters, digits, '.', '_' and '-' become '_'. */
    public static String safeFileName(String videoName) {
        String s = videoName.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }

    // ---------------------------------------------------------------- page content

    /** Rows of the protocol-card table: (field, value). */
    static List<String[]> protocolRows(EvaluationSummary s) {
        ProtocolCard c = s.protocol();
        ScoringConfig sc = c.scoring();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"dataset", c.dataset()});
        rows.add(new String[] {"preset", c.preset()});
        rows.add(new String[] {"seed", Long.toString(c.seed())});
        rows.add(new String[] {"score components (Eq. 6)", String.format(Locale.ROOT,
                "α·teacher error + β·teacher–student discrepancy + γ·class probability, α = %s, β = %s, γ = %s",
                num(sc.weights().alpha()), num(sc.weights().beta()), num(sc.weights().gamma()))});
        rows.add(new String[] {"3-D map smoothing", describe(sc.mapSmoothing())});
        rows.add(new String[] {"frame score", sc.reduction() == FrameReduction.MAX ? "max of the smoothed map" : "mean of the smoothed map"});
        GaussianSmoothing1d t = sc.temporal();
        rows.add(new String[] {"temporal smoothing", t.sigma() == 0 ? "none" : String.format(Locale.ROOT,
                "Gaussian σ = %s frames, window %d (radius %d), boundary %s", num(t.sigma()), t.windowLength(), t.radius(), t.boundary().scipyName())});
        rows.add(new String[] {"normalisation", sc.normalisation() == Normalisation.NONE ? "none"
                : "per-video min–max after the temporal filter"});
        rows.add(new String[] {"macro-AUC convention quoted first", c.headlineMacro()
                + " (padded: leading 0 and trailing 1 added to each video's labels and scores; defined-only: videos of one class skipped)"});
        rows.add(new String[] {"model selection", c.modelSelection()});
        for (Map.Entry<String, Integer> e : c.epochs().entrySet()) rows.add(new String[] {"epochs, " + e.getKey(), e.getValue().toString()});
        for (Map.Entry<String, Double> e : c.wallTimeSeconds().entrySet()) {
            rows.add(new String[] {"wall time, " + e.getKey(), String.format(Locale.ROOT, "%.1f s", e.getValue())});
        }
        MachineInfo m = c.machine();
        if (m != null) {
            rows.add(new String[] {"device", m.device()});
            rows.add(new String[] {"CPU", m.cpuModel() + ", " + m.logicalCores() + " logical cores"});
            rows.add(new String[] {"memory", m.memoryBytes() < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", m.memoryBytes() / 1073741824.0)});
            rows.add(new String[] {"OS", m.os()});
            rows.add(new String[] {"Java", m.javaVersion() + " (" + m.javaVm() + "), max heap "
                    + String.format(Locale.ROOT, "%.1f GiB", m.maxHeapBytes() / 1073741824.0)});
        }
        for (Map.Entry<String, String> e : c.settings().entrySet()) rows.add(new String[] {e.getKey(), e.getValue()});
        rows.add(new String[] {"software", c.software()});
        rows.add(new String[] {"created", c.createdAt()});
        if (c.notes() != null && !c.notes().isEmpty()) rows.add(new String[] {"notes", c.notes()});
        rows.add(new String[] {"test set", s.videos() + " videos, " + s.frames() + " frames"
                + (s.abnormalFrames() >= 0 ? ", " + s.abnormalFrames() + " abnormal" : ", no ground truth")});
        return rows;
    }

    /** Sentences under the AUC table: conventions, skipped videos, scale warnings. */
    static List<String> aucNotes(EvaluationSummary s) {
        List<String> notes = new ArrayList<>();
        notes.add("AUCs in %. Micro: all test frames concatenated, unpadded. Macro: mean of per-video AUCs. "
                + "Raw: frame scores before the temporal filter; smoothed: final scores.");
        notes.add("Macro, padded (the reference code's convention): each video's labels and scores get a leading 0 and a trailing 1 "
                + "before its AUC, so videos of one class count too. Macro, defined-only: mean over the videos holding both classes.");
        FrameLevelAucResult r = s.smoothed();
        if (!r.skippedInDefinedOnly().isEmpty()) {
            notes.add("Videos of one class only (undefined unpadded AUC, left out of defined-only): "
                    + String.join(", ", r.skippedInDefinedOnly()) + ".");
        }
        for (int k = 0; k < 2; k++) {
            List<String> outside = (k == 0 ? r : s.raw()).scoresOutsideUnitRange();
            if (outside.isEmpty()) continue;
            notes.add("Warning: the " + (k == 0 ? "smoothed" : "raw") + " scores of " + outside.size() + " video(s) leave [0, 1] ("
                    + String.join(", ", outside) + "); the padded values 0 and 1 are then not the extremes of those videos' scores, "
                    + "so their padded AUC depends on the score scale.");
        }
        if (r.macroConventionsDiffer() || s.raw().macroConventionsDiffer()) {
            notes.add("The two macro conventions differ here; both are reported.");
        }
        return notes;
    }

    private static String markdown(EvaluationSummary s, List<FrameScores> videos, Map<String, String> fileNames,
                                   boolean roc, boolean histogram, boolean plots, List<Path> overlays, Path dir, String where) {
        StringBuilder b = new StringBuilder();
        ProtocolCard c = s.protocol();
        b.append("# AED-MAE evaluation: ").append(c.dataset()).append(", preset ").append(c.preset()).append("\n\n");
        if (s.evaluated()) {
            b.append("## Frame-level AUC\n\n");
            b.append("| scores | micro | macro, padded | macro, defined-only |\n|---|---:|---:|---:|\n");
            for (String[] row : aucRows(s)) b.append("| ").append(String.join(" | ", row)).append(" |\n");
            b.append('\n');
            for (String n : aucNotes(s)) b.append("- ").append(n).append('\n');
            b.append('\n');
            if (roc) b.append("![ROC curve](roc.png)\n\n");
            if (histogram) b.append("![Score histogram](histogram.png)\n\n");
        } else {
            b.append("No ground truth for every video: no AUC computed.\n\n");
        }
        b.append(where);
        b.append("## Per video\n\n");
        b.append("| video | frames | abnormal | AUC smoothed | AUC raw | padded smoothed | padded raw | scores |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (int i = 0; i < videos.size(); i++) {
            b.append("| ").append(String.join(" | ", videoRow(s, videos.get(i), i))).append(" | [csv](scores/")
                    .append(fileNames.get(videos.get(i).name())).append(".csv) |\n");
        }
        b.append('\n');
        if (plots) {
            b.append("## Score versus frame\n\nBlue: final score; grey: raw score; red: abnormal ground truth.\n\n");
            for (FrameScores v : videos) {
                b.append("### video ").append(v.name()).append("\n\n![video ").append(v.name()).append("](plots/")
                        .append(fileNames.get(v.name())).append(".png)\n\n");
            }
        }
        if (!overlays.isEmpty()) {
            b.append("## Anomaly-map overlays\n\n");
            for (Path p : overlays) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                b.append("![").append(p.getFileName()).append("](").append(rel).append(")\n\n");
            }
        }
        b.append("## Protocol card\n\n| field | value |\n|---|---|\n");
        for (String[] row : protocolRows(s)) {
            b.append("| ").append(row[0]).append(" | ").append(row[1].replace("|", "\\|")).append(" |\n");
        }
        b.append("\nFull card and all numbers: [summary.json](summary.json).\n");
        return b.toString();
    }

    private static String html(EvaluationSummary s, List<FrameScores> videos, Map<String, String> fileNames, Path roc,
                               Path histogram, Map<String, Path> plots, List<Path> overlays, Path dir, boolean embed, String where) {
        StringBuilder b = new StringBuilder();
        ProtocolCard c = s.protocol();
        String title = "AED-MAE evaluation: " + c.dataset() + ", preset " + c.preset();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px}")
                .append("td.n{text-align:right}th{background:#f2f2f2}img{max-width:100%}</style></head><body>\n");
        b.append("<h1>").append(esc(title)).append("</h1>\n");
        if (s.evaluated()) {
            b.append("<h2>Frame-level AUC</h2>\n<table><tr><th>scores</th><th>micro</th><th>macro, padded</th><th>macro, defined-only</th></tr>\n");
            for (String[] row : aucRows(s)) {
                b.append("<tr><td>").append(esc(row[0])).append("</td>");
                for (int k = 1; k < row.length; k++) b.append("<td class=\"n\">").append(esc(row[k])).append("</td>");
                b.append("</tr>\n");
            }
            b.append("</table>\n<ul>\n");
            for (String n : aucNotes(s)) b.append("<li>").append(esc(n)).append("</li>\n");
            b.append("</ul>\n");
            if (roc != null) b.append(img(roc, "ROC curve", dir, embed)).append('\n');
            if (histogram != null) b.append(img(histogram, "score histogram", dir, embed)).append('\n');
        } else {
            b.append("<p>No ground truth for every video: no AUC computed.</p>\n");
        }
        b.append(where);
        b.append("<h2>Per video</h2>\n<table><tr><th>video</th><th>frames</th><th>abnormal</th><th>AUC smoothed</th><th>AUC raw</th>")
                .append("<th>padded smoothed</th><th>padded raw</th><th>scores</th></tr>\n");
        for (int i = 0; i < videos.size(); i++) {
            String[] row = videoRow(s, videos.get(i), i);
            b.append("<tr><td>").append(esc(row[0])).append("</td>");
            for (int k = 1; k < row.length; k++) b.append("<td class=\"n\">").append(esc(row[k])).append("</td>");
            b.append("<td><a href=\"scores/").append(esc(fileNames.get(videos.get(i).name()))).append(".csv\">csv</a></td></tr>\n");
        }
        b.append("</table>\n");
        if (!plots.isEmpty()) {
            b.append("<h2>Score versus frame</h2>\n<p>Blue: final score; grey: raw score; red: abnormal ground truth.</p>\n");
            for (Map.Entry<String, Path> e : plots.entrySet()) {
                b.append("<h3>video ").append(esc(e.getKey())).append("</h3>\n").append(img(e.getValue(), "video " + e.getKey(), dir, embed)).append('\n');
            }
        }
        if (!overlays.isEmpty()) {
            b.append("<h2>Anomaly-map overlays</h2>\n");
            for (Path p : overlays) b.append("<p>").append(esc(p.getFileName().toString())).append("<br>").append(img(p, p.getFileName().toString(), dir, embed)).append("</p>\n");
        }
        b.append("<h2>Protocol card</h2>\n<table><tr><th>field</th><th>value</th></tr>\n");
        for (String[] row : protocolRows(s)) {
            b.append("<tr><td>").append(esc(row[0])).append("</td><td>").append(esc(row[1])).append("</td></tr>\n");
        }
        b.append("</table>\n<p>Full card and all numbers: <a href=\"summary.json\">summary.json</a>.</p>\n</body></html>\n");
        return b.toString();
    }

    private static List<String[]> aucRows(EvaluationSummary s) {
        List<String[]> rows = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            FrameLevelAucResult r = k == 0 ? s.smoothed() : s.raw();
            int defined = r.perVideo().size() - r.skippedInDefinedOnly().size();
            rows.add(new String[] {k == 0 ? "smoothed" : "raw", pct(r.micro()), pct(r.macroPadded()),
                    pct(r.macroDefinedOnly()) + " (" + defined + "/" + r.perVideo().size() + " videos)"});
        }
        return rows;
    }

    private static String[] videoRow(EvaluationSummary s, FrameScores v, int i) {
        if (!s.evaluated()) {
            return new String[] {v.name(), Integer.toString(v.frames()), v.labelled() ? Integer.toString(sum(v.labels())) : "?", "–", "–", "–", "–"};
        }
        VideoAuc sm = s.smoothed().perVideo().get(i), rw = s.raw().perVideo().get(i);
        return new String[] {v.name(), Integer.toString(sm.frames()), Integer.toString(sm.abnormalFrames()),
                pct(sm.auc()), pct(rw.auc()), pct(sm.paddedAuc()), pct(rw.paddedAuc())};
    }

    static String img(Path png, String alt, Path dir, boolean embed) {
        String src;
        if (embed) {
            try {
                src = "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png));
            } catch (IOException e) {
                throw new UncheckedIOException(png + ": cannot read for the report page", e);
            }
        } else {
            src = esc(dir.relativize(png).toString().replace('\\', '/'));
        }
        return "<img src=\"" + src + "\" alt=\"" + esc(alt) + "\">";
    }

    private static List<Path> listOverlays(Path dir) throws IOException {
        Path o = dir.resolve(OVERLAYS);
        if (!Files.isDirectory(o)) return List.of();
        try (Stream<Path> files = Files.walk(o, 2)) {
            return files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")).sorted().toList();
        }
    }

    /** A fraction as a percentage with two decimals, "undefined" for NaN. */
    static String pct(double fraction) {
        return Double.isNaN(fraction) ? "undefined" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String describe(MapSmoothing m) {
        switch (m.kind()) {
            case NONE: return "none";
            case BOX: return String.format(Locale.ROOT, "mean (box) filter, radii t %d, y %d, x %d (window %d×%d×%d), boundary %s",
                    m.radiusT(), m.radiusY(), m.radiusX(), 2 * m.radiusT() + 1, 2 * m.radiusY() + 1, 2 * m.radiusX() + 1, m.boundary().scipyName());
            default: return String.format(Locale.ROOT, "separable Gaussian, σ t %s frames, y %s px, x %s px; radii %d, %d, %d; boundary %s",
                    num(m.sigmaT()), num(m.sigmaY()), num(m.sigmaX()), m.radiusT(), m.radiusY(), m.radiusX(), m.boundary().scipyName());
        }
    }

    private static double[] concat(List<VideoScores> vs) {
        int n = 0;
        for (VideoScores v : vs) n += v.frames();
        double[] out = new double[n];
        int o = 0;
        for (VideoScores v : vs) {
            System.arraycopy(v.scores(), 0, out, o, v.frames());
            o += v.frames();
        }
        return out;
    }

    private static int[] concatLabels(List<VideoScores> vs) {
        int n = 0;
        for (VideoScores v : vs) n += v.frames();
        int[] out = new int[n];
        int o = 0;
        for (VideoScores v : vs) {
            System.arraycopy(v.labels(), 0, out, o, v.frames());
            o += v.frames();
        }
        return out;
    }

    private static int sum(int[] a) {
        int s = 0;
        for (int v : a) s += v;
        return s;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
