package aedmae.datasets.prepare;

import aedmae.datasets.Dataset;
import aedmae.datasets.DatasetException;
import aedmae.datasets.FrameFolder;
import aedmae.datasets.Split;
import aedmae.datasets.Video;
import aedmae.datasets.cache.FrameCache;
import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.labels.FrameLabels;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.datasets.loader.VideoLoader;
import aedmae.datasets.prepare.PrepareReport.Issue;
import aedmae.datasets.prepare.PrepareReport.Severity;
import aedmae.datasets.prepare.PrepareReport.VideoRow;
import aedmae.datasets.regions.RegionLabelFinder;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The library side of {@code aedmae prepare}: takes a dataset as distributed, checks it and
 * builds the caches so that training starts at full speed.
 * <p>
 * Checks: every video has frames (an empty folder is an error); every frame decodes (an
 * unreadable or truncated image is an error naming the file); all frames of a video have one
 * size; test labels fit their videos (the count of a per-frame label file equals the decoded
 * frame count, ranges end inside the video); a video file's container packet count agrees with
 * its decoded frames (a known trap: labels made for one count, frames decoding to another);
 * gaps or duplicates in frame numbering; videos with every frame abnormal (per-video AUC is
 * undefined for them unless padded). Problems about one video do not stop the others: all are
 * collected in the {@link PrepareReport}. Problems about the whole dataset (unknown layout, a
 * label file for a different number of videos) throw {@link DatasetException} from
 * {@link Dataset#open}.
 * <p>
 * Builds: per video, its frames resized to H×W and its motion gradients, in the
 * {@link FrameCache} format; fresh cache files are kept; then {@code manifest.json} (what was
 * cached, for people) and {@code synthetic-preview.png} (examples of generated anomalies).
 */
public final class DatasetPreparer {
    private final PrepareOptions options;

    public DatasetPreparer(PrepareOptions options) {
        this.options = options;
    }

    /**
     * Opens, checks and caches the dataset at path.
     *
     * @throws DatasetException for problems with the whole dataset (see {@link Dataset#open})
     */
    public PrepareReport prepare(Path path) {
        return prepare(Dataset.open(path));
    }

    public PrepareReport prepare(Dataset dataset) {
        long start = System.nanoTime();
        Path cacheDir = options.cacheDir() != null ? options.cacheDir().toAbsolutePath()
                : FrameCache.defaultDir(dataset, options.height(), options.width());
        FrameCache cache = new FrameCache(cacheDir, options.height(), options.width());
        List<Issue> issues = Collections.synchronizedList(new ArrayList<>());
        List<Video> all = new ArrayList<>(dataset.train());
        all.addAll(dataset.test());
        if (dataset.train().isEmpty())
            issues.add(new Issue(Severity.INFO, dataset.root(), "no training videos: the data can be scored but not trained on"));
        duplicates(dataset.train(), issues);
        duplicates(dataset.test(), issues);
        boolean anyLabels = dataset.test().stream().anyMatch(Video::hasLabels);

        VideoRow[] rows = new VideoRow[all.size()];
        String[] sizes = new String[all.size()];
        AtomicInteger done = new AtomicInteger();
        AtomicLong decoded = new AtomicLong();
        ForkJoinPool pool = new ForkJoinPool(options.threads());
        try {
            pool.submit(() -> java.util.stream.IntStream.range(0, all.size()).parallel().forEach(i -> {
                Video v = all.get(i);
                List<Issue> mine = new ArrayList<>();
                rows[i] = checkVideo(v, cache, anyLabels, mine, decoded);
                sizes[i] = rows[i].sourceSize();
                issues.addAll(mine);
                if (options.progress() != null)
                    options.progress().videoDone(v.split(), v.name(), rows[i].frames(), done.incrementAndGet(), all.size());
            })).join();
        } finally {
            pool.shutdown();
        }
        Set<String> distinct = new TreeSet<>();
        for (String s : sizes) if (s != null && !s.equals("?")) distinct.add(s);
        if (distinct.size() > 1)
            issues.add(new Issue(Severity.INFO, dataset.root(), "frame sizes differ between videos " + distinct
                    + " (each video is resized to " + options.width() + "x" + options.height() + ")"));

        List<Issue> sorted = new ArrayList<>(issues);
        sorted.sort((a, b) -> a.severity() != b.severity() ? a.severity().compareTo(b.severity()) : a.path().compareTo(b.path()));
        Path preview = null;
        if (options.buildCache()) {
            writeManifest(dataset, cache, List.of(rows));
            boolean trainOk = !dataset.train().isEmpty() && java.util.Arrays.stream(rows)
                    .filter(r -> r.split() == Split.TRAIN).allMatch(r -> r.status().startsWith("ok"));
            if (options.writePreview() && trainOk) {
                GradientMode mode = options.gradientModes().contains(GradientMode.MEDIAN) ? GradientMode.MEDIAN
                        : options.gradientModes().iterator().next();
                LoaderOptions lo = LoaderOptions.defaults(options.height(), options.width()).withCacheDir(cacheDir)
                        .withGradientMode(mode).withWorkers(1).withBatchSize(1);
                try (VideoLoader loader = new VideoLoader(dataset, lo)) {
                    preview = loader.writeSyntheticPreview(cacheDir.resolve("synthetic-preview.png"), 8, 1);
                } catch (DatasetException e) {
                    sorted.add(new Issue(Severity.ERROR, e.path(), e.problem()));
                }
            }
        }
        String gradients = options.gradientModes().stream().map(GradientMode::tag).sorted().collect(Collectors.joining("+"));
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> notes = new ArrayList<>(dataset.notes());
        notes.add(regionLabelsNote(dataset, sorted));
        return new PrepareReport(dataset.name(), dataset.root(), dataset.layout(), notes, List.of(rows), sorted,
                options.buildCache() ? cacheDir : null, gradients, preview, decoded.get(), seconds);
    }

    /** What region labels (where the anomalies are) were found, for the notes; a label file that does not fit is an error. */
    private static String regionLabelsNote(Dataset dataset, List<Issue> issues) {
        try {
            RegionLabelFinder.Found f = RegionLabelFinder.find(dataset);
            return f.any() ? f.note() + " (RBDC / TBDC can be measured)" : "region labels: none (frame-level AUC only; no RBDC / TBDC)";
        } catch (DatasetException e) {
            issues.add(new Issue(Severity.ERROR, e.path(), e.problem()));
            return "region labels: unusable (" + e.problem() + ")";
        }
    }

    /** Checks (and caches) one video; its problems go to issues (this video's own list). */
    private VideoRow checkVideo(Video v, FrameCache cache, boolean anyLabels, List<Issue> issues, AtomicLong decoded) {
        Path path = v.source().path();
        for (String note : v.source().notes()) issues.add(new Issue(Severity.WARNING, path, note));
        if (v.source() instanceof FrameFolder f && f.frameCount() == 0) {
            issues.add(new Issue(Severity.ERROR, path, "empty folder: no frames (" + String.join(", ", aedmae.datasets.image.ImageFiles.EXTENSIONS) + ")"));
            return new VideoRow(v.split(), v.name(), 0, "?", -1, labelText(v), "failed", "empty folder");
        }
        int frames;
        String size, cacheState;
        try {
            FrameCache.Status st = options.buildCache() ? cache.status(v) : null;
            if (st != null && st.fresh(options.gradientModes())) {
                frames = st.frames();
                size = st.sourceWidth() + "x" + st.sourceHeight();
                cacheState = "fresh";
            } else {
                FrameCache.BuildResult r = cache.build(v, options.gradientModes(), options.buildCache());
                decoded.addAndGet(r.frames());
                frames = r.frames();
                size = r.sourceWidth() + "x" + r.sourceHeight();
                cacheState = options.buildCache() ? "built" : "checked";
                for (String note : r.notes()) issues.add(new Issue(Severity.WARNING, path, note));
            }
        } catch (DatasetException e) {
            issues.add(new Issue(Severity.ERROR, e.path(), e.problem()));
            return new VideoRow(v.split(), v.name(), -1, "?", -1, labelText(v), "failed", "error: " + e.problem());
        }
        String status = "ok";
        int abnormal = -1;
        String labels = "-";
        if (v.split() == Split.TEST) {
            FrameLabels fl = v.labels();
            if (fl == null) {
                if (anyLabels) issues.add(new Issue(Severity.WARNING, path, "no labels for this test video"));
            } else {
                String problem = fl.problemFor(frames);
                if (problem != null) {
                    issues.add(new Issue(Severity.ERROR, fl.source(), problem));
                    status = "error: " + problem;
                    labels = "mismatch";
                } else {
                    int[] y = fl.resolve(frames);
                    abnormal = 0;
                    for (int l : y) abnormal += l;
                    labels = FrameLabels.rangesText(y);
                    if (abnormal == frames) {
                        issues.add(new Issue(Severity.INFO, path, "every frame is abnormal: its per-video AUC is undefined unless padded"));
                        status = "ok (all abnormal)";
                    } else if (abnormal == 0) {
                        issues.add(new Issue(Severity.INFO, path, "no abnormal frame: its per-video AUC is undefined unless padded"));
                        status = "ok (all normal)";
                    }
                }
            }
        }
        if (status.equals("ok") && issues.stream().anyMatch(i -> i.severity() == Severity.WARNING)) status = "ok (see warnings)";
        return new VideoRow(v.split(), v.name(), frames, size, abnormal, labels, cacheState, status);
    }

    private static String labelText(Video v) {
        return v.hasLabels() ? "?" : "-";
    }

    private static void duplicates(List<Video> videos, List<Issue> issues) {
        Set<String> seen = new HashSet<>();
        for (Video v : videos)
            if (!seen.add(v.name()))
                issues.add(new Issue(Severity.ERROR, v.source().path(), "two " + v.split().folder() + " videos are named '" + v.name() + "'"));
    }

    /** A small JSON description of the cache (for people; freshness is decided by file headers). */
    private void writeManifest(Dataset dataset, FrameCache cache, List<VideoRow> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "aedmae frame cache v1 (see aedmae.datasets.cache.CacheFile)");
        m.put("dataset", dataset.name());
        m.put("root", dataset.root().toString());
        m.put("layout", dataset.layout().name());
        m.put("height", options.height());
        m.put("width", options.width());
        m.put("resize", "bilinear, half-pixel centres");
        m.put("gradients", new LinkedHashSet<>(options.gradientModes().stream().map(GradientMode::tag).sorted().toList()));
        List<Map<String, Object>> vs = new ArrayList<>();
        for (VideoRow r : rows) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("split", r.split().folder());
            e.put("video", r.video());
            e.put("frames", r.frames());
            e.put("sourceSize", r.sourceSize());
            e.put("cache", r.cache());
            vs.add(e);
        }
        m.put("videos", vs);
        Path file = cache.dir().resolve("manifest.json");
        try {
            Files.createDirectories(cache.dir());
            Path tmp = Files.createTempFile(cache.dir(), ".manifest.", ".tmp");
            Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().create().toJson(m));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot write cache manifest (" + e.getMessage() + ")", e);
        }
    }
}
