package aedmae.datasets.prepare;

import aedmae.datasets.DatasetException;
import aedmae.datasets.Layout;
import aedmae.datasets.Split;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link DatasetPreparer} found: one row per video, the problems (errors, warnings, notes),
 * totals, and where the cache went. {@link #toTable()} renders it for the terminal.
 */
public final class PrepareReport {
    public enum Severity { ERROR, WARNING, INFO }

    /** A problem or remark about one file or folder. */
    public record Issue(Severity severity, Path path, String message) {
        /** "ERROR   path: message". */
        public String line() {
            return String.format(Locale.ROOT, "%-7s %s: %s", severity, path, message);
        }
    }

    /**
     * One video.
     *
     * @param frames     decoded (or cached) frame count, -1 if it could not be read
     * @param sourceSize "WxH" of its frames before resizing ("?" if unknown)
     * @param abnormal   abnormal frames per its labels, -1 without labels
     * @param labels     its abnormal ranges ("61-180"), "-" without labels
     * @param cache      "built", "fresh", "checked" (dry run) or "failed"
     * @param status     "ok" or the first problem
     */
    public record VideoRow(Split split, String video, int frames, String sourceSize, int abnormal, String labels,
                           String cache, String status) {}

    private final String dataset;
    private final Path root;
    private final Layout layout;
    private final List<String> notes;
    private final List<VideoRow> rows;
    private final List<Issue> issues;
    private final Path cacheDir;
    private final String gradients;
    private final Path preview;
    private final String sceneMotion;
    private final long framesDecoded;
    private final double seconds;

    PrepareReport(String dataset, Path root, Layout layout, List<String> notes, List<VideoRow> rows, List<Issue> issues,
                  Path cacheDir, String gradients, Path preview, String sceneMotion, long framesDecoded, double seconds) {
        this.dataset = dataset;
        this.root = root;
        this.layout = layout;
        this.notes = List.copyOf(notes);
        this.rows = List.copyOf(rows);
        this.issues = List.copyOf(issues);
        this.cacheDir = cacheDir;
        this.gradients = gradients;
        this.preview = preview;
        this.sceneMotion = sceneMotion;
        this.framesDecoded = framesDecoded;
        this.seconds = seconds;
    }

    public String dataset() {
        return dataset;
    }

    public Layout layout() {
        return layout;
    }

    public List<VideoRow> rows() {
        return rows;
    }

    public List<Issue> issues() {
        return issues;
    }

    /** The cache folder (null when the cache was not built). */
    public Path cacheDir() {
        return cacheDir;
    }

    /** The synthetic-anomaly preview PNG, or null if none was written. */
    public Path preview() {
        return preview;
    }

    /** The training videos' measured object motion (synthetic speeds are multiples of it), or null. */
    public String sceneMotion() {
        return sceneMotion;
    }

    /** Frames decoded in this run (0 when every cache file was fresh). */
    public long framesDecoded() {
        return framesDecoded;
    }

    public double seconds() {
        return seconds;
    }

    public boolean hasErrors() {
        return issues.stream().anyMatch(i -> i.severity() == Severity.ERROR);
    }

    public List<Issue> errors() {
        return issues.stream().filter(i -> i.severity() == Severity.ERROR).toList();
    }

    /** The first error as an exception (for a one-line message and exit code 2), or null. */
    public DatasetException firstError() {
        return issues.stream().filter(i -> i.severity() == Severity.ERROR).findFirst()
                .map(i -> new DatasetException(i.path(), i.message())).orElse(null);
    }

    public int frames(Split split) {
        return rows.stream().filter(r -> r.split() == split).mapToInt(r -> Math.max(0, r.frames())).sum();
    }

    public int videos(Split split) {
        return (int) rows.stream().filter(r -> r.split() == split).count();
    }

    /** Abnormal test frames over the labelled test videos. */
    public int abnormalFrames() {
        return rows.stream().filter(r -> r.split() == Split.TEST).mapToInt(r -> Math.max(0, r.abnormal())).sum();
    }

    /** The report as a text table, with totals and problems below it. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("dataset ").append(dataset).append(" (").append(layout.description()).append(") at ").append(root).append('\n');
        for (String n : notes) sb.append(n).append('\n');
        String[] head = {"split", "video", "frames", "size", "abnormal", "labels", "cache", "status"};
        List<String[]> cells = new ArrayList<>();
        cells.add(head);
        for (VideoRow r : rows)
            cells.add(new String[] {r.split().folder(), r.video(), r.frames() < 0 ? "?" : Integer.toString(r.frames()), r.sourceSize(),
                    r.abnormal() < 0 ? "-" : Integer.toString(r.abnormal()), r.labels(), r.cache(), r.status()});
        int[] width = new int[head.length];
        for (String[] c : cells) for (int i = 0; i < c.length; i++) width[i] = Math.max(width[i], c[i].length());
        for (String[] c : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                boolean right = i == 2 || i == 4;
                String cell = right ? " ".repeat(width[i] - c[i].length()) + c[i] : c[i] + " ".repeat(width[i] - c[i].length());
                line.append(cell).append(i + 1 < c.length ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "total: %d training videos, %d frames; %d test videos, %d frames, %d abnormal%n",
                videos(Split.TRAIN), frames(Split.TRAIN), videos(Split.TEST), frames(Split.TEST), abnormalFrames()));
        if (cacheDir != null)
            sb.append(String.format(Locale.ROOT, "cache: %s (%s gradients); %d frames decoded in %.1f s%n", cacheDir, gradients, framesDecoded, seconds));
        else
            sb.append(String.format(Locale.ROOT, "checked without caching: %d frames decoded in %.1f s%n", framesDecoded, seconds));
        if (sceneMotion != null) sb.append("scene motion (training videos, model resolution): ").append(sceneMotion).append('\n');
        if (preview != null) sb.append("synthetic anomaly preview (object, stretched, zig-zag, temporal jump): ").append(preview).append('\n');
        long errors = issues.stream().filter(i -> i.severity() == Severity.ERROR).count();
        long warnings = issues.stream().filter(i -> i.severity() == Severity.WARNING).count();
        if (!issues.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%d errors, %d warnings, %d notes:%n", errors, warnings, issues.size() - errors - warnings));
            for (Issue i : issues) sb.append("  ").append(i.line()).append('\n');
        } else {
            sb.append("no problems found\n");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toTable();
    }
}
