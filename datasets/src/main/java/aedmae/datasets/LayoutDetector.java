package aedmae.datasets;

import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.image.VideoDecoder;
import aedmae.datasets.labels.FrameLabels;
import aedmae.datasets.labels.MatLabels;
import aedmae.datasets.labels.NpyReader;
import aedmae.datasets.labels.TextLabels;
import aedmae.datasets.labels.UcsdLabelScript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Recognises a dataset's layout from its folders, in this order: a single video file; a UCSD
 * archive root holding one UCSDpedN folder; ShanghaiTech ({@code training/videos} or
 * {@code testing/test_frame_mask}); the common frame layout ({@code training/frames},
 * {@code testing/frames}); Avenue ({@code training_videos}, {@code testing_videos}); UCSD
 * ({@code Train}, {@code Test}); a user's {@code training/} + {@code testing/}; a single folder
 * of frames; a folder of videos or frame folders. Anything else is an unknown layout.
 */
final class LayoutDetector {
    private LayoutDetector() {}

    static Dataset detect(Path given) {
        Path path = given.toAbsolutePath().normalize();
        if (!Files.exists(path)) throw new DatasetException(path, "no such file or folder");
        if (Files.isRegularFile(path)) return singleFile(path);
        if (!Files.isDirectory(path)) throw new DatasetException(path, "neither a file nor a folder");
        List<Path> children = children(path);
        if (children.isEmpty()) throw new DatasetException(path, "empty folder: no frames, videos or dataset folders");

        List<Path> peds = children.stream().filter(Files::isDirectory)
                .filter(p -> p.getFileName().toString().matches("UCSDped\\d+")).toList();
        if (!peds.isEmpty() && !Files.isDirectory(path.resolve("Train"))) {
            if (peds.size() == 1) return detect(peds.get(0));
            throw new DatasetException(path, "holds several UCSD datasets " + names(peds) + "; give one of them");
        }
        if (Files.isDirectory(path.resolve("training/videos")) || Files.isDirectory(path.resolve("testing/test_frame_mask")))
            return shanghaiTech(path);
        if (Files.isDirectory(path.resolve("training/frames")) || Files.isDirectory(path.resolve("testing/frames")))
            return frameFolders(path);
        if (Files.isDirectory(path.resolve("training_videos")) || Files.isDirectory(path.resolve("testing_videos")))
            return avenue(path);
        if (Files.isDirectory(path.resolve("Train")) || Files.isDirectory(path.resolve("Test")))
            return ucsd(path);
        if (Files.isDirectory(path.resolve("training")) || Files.isDirectory(path.resolve("testing")))
            return splitFolders(path);
        if (FrameFolder.containsImages(path)) return singleFrameFolder(path);
        List<Path> videos = videoEntries(path);
        if (!videos.isEmpty()) return collection(path, videos);
        throw new DatasetException(path, "unknown dataset layout: expected training/frames + testing/frames (ped2 style), "
                + "Train/Test (UCSD), training_videos/testing_videos (Avenue), training/videos + testing/frames (ShanghaiTech), "
                + "training/ + testing/, a folder of frames or videos, or a video file");
    }

    // ---- layouts ----

    private static Dataset singleFile(Path file) {
        if (ImageFiles.isImage(file))
            throw new DatasetException(file, "a single image is not a video; give the folder of frames instead");
        if (!VideoDecoder.isVideo(file))
            throw new DatasetException(file, "unknown file type: expected a video file " + VideoDecoder.EXTENSIONS + " or a dataset folder");
        String name = stem(file);
        List<String> notes = new ArrayList<>();
        FrameLabels labels = textLabels(notes, name, file.getParent(), file.getParent().resolve("labels"));
        return new Dataset(name, file, Layout.VIDEO_FILE, List.of(),
                List.of(new Video(name, Split.TEST, new VideoFile(file), labels)), notes);
    }

    private static Dataset singleFrameFolder(Path dir) {
        String name = dir.getFileName().toString();
        List<String> notes = new ArrayList<>();
        FrameLabels labels = null;
        if (Files.isRegularFile(dir.resolve("labels.txt"))) {
            labels = TextLabels.read(dir.resolve("labels.txt"));
            notes.add("labels: labels.txt");
        } else if (dir.getParent() != null) {
            labels = textLabels(notes, name, dir.getParent(), dir.getParent().resolve("labels"));
        }
        return new Dataset(name, dir, Layout.FRAME_FOLDER, List.of(),
                List.of(new Video(name, Split.TEST, FrameFolder.list(dir), labels)), notes);
    }

    private static Dataset frameFolders(Path root) {
        List<String> notes = new ArrayList<>();
        List<VideoSource> train = subfolders(root.resolve("training/frames"));
        List<VideoSource> test = subfolders(root.resolve("testing/frames"));
        Map<String, FrameLabels> labels = matGroundTruth(root, test, notes);
        if (labels == null) labels = npyMasks(root.resolve("testing/test_frame_mask"), test, notes);
        if (labels == null) labels = textLabels(test, notes, root.resolve("testing/labels"), root.resolve("labels"));
        return build(root, Layout.FRAME_FOLDERS, train, test, labels, notes);
    }

    private static Dataset shanghaiTech(Path root) {
        List<String> notes = new ArrayList<>();
        List<VideoSource> train = Files.isDirectory(root.resolve("training/frames"))
                ? subfolders(root.resolve("training/frames")) : videoFiles(root.resolve("training/videos"));
        List<VideoSource> test = Files.isDirectory(root.resolve("testing/frames"))
                ? subfolders(root.resolve("testing/frames")) : videoFiles(root.resolve("testing/videos"));
        Map<String, FrameLabels> labels = npyMasks(root.resolve("testing/test_frame_mask"), test, notes);
        if (labels == null) labels = textLabels(test, notes, root.resolve("testing/labels"), root.resolve("labels"));
        return build(root, Layout.SHANGHAITECH, train, test, labels, notes);
    }

    private static Dataset avenue(Path root) {
        List<String> notes = new ArrayList<>();
        List<VideoSource> train = videoFiles(root.resolve("training_videos"));
        List<VideoSource> test = videoFiles(root.resolve("testing_videos"));
        Map<String, FrameLabels> labels = matGroundTruth(root, test, notes);
        if (labels == null) {
            for (Path dir : List.of(root.resolve("testing_label_mask"), root.resolve("ground_truth_demo/testing_label_mask"))) {
                if (!Files.isDirectory(dir)) continue;
                labels = new LinkedHashMap<>();
                for (VideoSource s : test) {
                    String name = stem(s.path());
                    Path f = dir.resolve(stripLeadingZeros(name) + "_label.mat");
                    if (Files.isRegularFile(f)) labels.put(name, MatLabels.readVolumeLabels(f));
                }
                notes.add("labels: " + root.relativize(dir) + "/<n>_label.mat (volLabel, " + labels.size() + " videos)");
                break;
            }
        }
        if (labels == null) labels = textLabels(test, notes, root.resolve("testing_labels"), root.resolve("labels"));
        return build(root, Layout.AVENUE, train, test, labels, notes);
    }

    private static Dataset ucsd(Path root) {
        List<String> notes = new ArrayList<>();
        Function<Path, List<VideoSource>> list = dir -> {
            if (!Files.isDirectory(dir)) return List.of();
            return children(dir).stream().filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().endsWith("_gt")) // pixel masks, not a video
                    .map(p -> (VideoSource) FrameFolder.list(p)).toList();
        };
        List<VideoSource> train = list.apply(root.resolve("Train"));
        List<VideoSource> test = list.apply(root.resolve("Test"));
        Map<String, FrameLabels> labels = null;
        Path testDir = root.resolve("Test");
        if (Files.isDirectory(testDir)) {
            List<Path> scripts = children(testDir).stream().filter(p -> p.getFileName().toString().endsWith(".m")).toList();
            if (!scripts.isEmpty()) {
                Path script = scripts.stream().filter(p -> stem(p).equals(root.getFileName().toString())).findFirst().orElse(scripts.get(0));
                labels = byPosition(script, UcsdLabelScript.read(script), test);
                notes.add("labels: " + root.relativize(script) + " (gt_frame, " + labels.size() + " videos)");
            }
        }
        if (labels == null) labels = textLabels(test, notes, root.resolve("Test/labels"), root.resolve("labels"));
        return build(root, Layout.UCSD, train, test, labels, notes);
    }

    private static Dataset splitFolders(Path root) {
        List<String> notes = new ArrayList<>();
        List<VideoSource> train = sourcesIn(root.resolve("training"));
        List<VideoSource> test = sourcesIn(root.resolve("testing"));
        if (train.isEmpty() && test.isEmpty())
            throw new DatasetException(root, "training/ and testing/ hold no video files or frame folders");
        Map<String, FrameLabels> labels = textLabels(test, notes, root.resolve("testing/labels"), root.resolve("labels"));
        return build(root, Layout.SPLIT_FOLDERS, train, test, labels, notes);
    }

    private static Dataset collection(Path root, List<Path> entries) {
        List<String> notes = new ArrayList<>();
        List<VideoSource> test = entries.stream().map(LayoutDetector::sourceOf).toList();
        Map<String, FrameLabels> labels = textLabels(test, notes, root.resolve("labels"));
        return build(root, Layout.VIDEO_COLLECTION, List.of(), test, labels, notes);
    }

    // ---- labels ----

    /** {@code gt} ranges from the single .mat in the root that has one, matched to test videos by position. */
    private static Map<String, FrameLabels> matGroundTruth(Path root, List<VideoSource> test, List<String> notes) {
        List<Path> mats = children(root).stream().filter(p -> p.getFileName().toString().toLowerCase().endsWith(".mat"))
                .filter(Files::isRegularFile).filter(p -> MatLabels.hasVariable(p, "gt")).toList();
        if (mats.isEmpty()) return null;
        Path mat = mats.size() == 1 ? mats.get(0) : mats.stream()
                .filter(p -> stem(p).equalsIgnoreCase(root.getFileName().toString())).findFirst()
                .orElseThrow(() -> new DatasetException(root, "several label files with 'gt' " + names(mats) + "; keep one"));
        Map<String, FrameLabels> labels = byPosition(mat, MatLabels.readRanges(mat), test);
        notes.add("labels: " + mat.getFileName() + " (gt, " + labels.size() + " videos)");
        return labels;
    }

    private static Map<String, FrameLabels> byPosition(Path file, List<FrameLabels> entries, List<VideoSource> test) {
        if (entries.size() != test.size())
            throw new DatasetException(file, "labels for " + entries.size() + " videos but there are " + test.size() + " test videos");
        Map<String, FrameLabels> m = new LinkedHashMap<>();
        for (int i = 0; i < test.size(); i++) m.put(nameOf(test.get(i)), entries.get(i));
        return m;
    }

    private static Map<String, FrameLabels> npyMasks(Path dir, List<VideoSource> test, List<String> notes) {
        if (!Files.isDirectory(dir)) return null;
        Map<String, FrameLabels> m = new LinkedHashMap<>();
        for (VideoSource s : test) {
            Path f = dir.resolve(nameOf(s) + ".npy");
            if (Files.isRegularFile(f)) m.put(nameOf(s), NpyReader.readFrameLabels(f));
        }
        notes.add("labels: " + dir.getParent().getFileName() + "/" + dir.getFileName() + "/*.npy (" + m.size() + " videos)");
        return m;
    }

    private static Map<String, FrameLabels> textLabels(List<VideoSource> test, List<String> notes, Path... dirs) {
        Map<String, FrameLabels> m = new LinkedHashMap<>();
        List<String> found = new ArrayList<>();
        for (VideoSource s : test) {
            String name = nameOf(s);
            List<Path> candidates = new ArrayList<>(List.of(dirs));
            if (s.path().getParent() != null) candidates.add(s.path().getParent());
            FrameLabels l = textLabels(found, name, candidates.toArray(Path[]::new));
            if (l != null) m.put(name, l);
        }
        if (!m.isEmpty()) notes.add("labels: text files (" + m.size() + " videos)");
        return m;
    }

    /** The first {@code <dir>/<name>.txt} that exists, read; null if none. */
    private static FrameLabels textLabels(List<String> notes, String name, Path... dirs) {
        for (Path d : dirs) {
            if (d == null) continue;
            Path f = d.resolve(name + ".txt");
            if (Files.isRegularFile(f)) {
                notes.add("labels: " + f.getFileName());
                return TextLabels.read(f);
            }
        }
        return null;
    }

    // ---- listing ----

    private static Dataset build(Path root, Layout layout, List<VideoSource> train, List<VideoSource> test,
                                 Map<String, FrameLabels> labels, List<String> notes) {
        if (train.isEmpty() && test.isEmpty()) throw new DatasetException(root, "no videos found (layout " + layout.description() + ")");
        List<Video> tr = train.stream().map(s -> new Video(nameOf(s), Split.TRAIN, s, null)).toList();
        List<Video> te = test.stream().map(s -> new Video(nameOf(s), Split.TEST, s, labels == null ? null : labels.get(nameOf(s)))).toList();
        return new Dataset(root.getFileName().toString(), root, layout, tr, te, notes);
    }

    private static List<VideoSource> subfolders(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        return children(dir).stream().filter(Files::isDirectory).map(p -> (VideoSource) FrameFolder.list(p)).toList();
    }

    private static List<VideoSource> videoFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        return children(dir).stream().filter(Files::isRegularFile).filter(VideoDecoder::isVideo)
                .map(p -> (VideoSource) new VideoFile(p)).toList();
    }

    /** Video files and folders of frames directly inside dir. */
    private static List<VideoSource> sourcesIn(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        return videoEntries(dir).stream().map(LayoutDetector::sourceOf).toList();
    }

    private static List<Path> videoEntries(Path dir) {
        return children(dir).stream().filter(p -> Files.isRegularFile(p) ? VideoDecoder.isVideo(p)
                : Files.isDirectory(p) && FrameFolder.containsImages(p)).toList();
    }

    private static VideoSource sourceOf(Path p) {
        return Files.isDirectory(p) ? FrameFolder.list(p) : new VideoFile(p);
    }

    /** Visible entries of a folder in natural order. */
    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted(NaturalOrder.PATHS).toList();
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot list folder (" + e.getMessage() + ")", e);
        }
    }

    static String nameOf(VideoSource s) {
        return s instanceof VideoFile ? stem(s.path()) : s.path().getFileName().toString();
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** "01" → "1" (Avenue's label files are 1_label.mat for video 01.avi); other names unchanged. */
    private static String stripLeadingZeros(String s) {
        return s.matches("\\d{1,9}") ? Integer.toString(Integer.parseInt(s)) : s;
    }

    private static String names(List<Path> ps) {
        return ps.stream().map(p -> p.getFileName().toString()).toList().toString();
    }
}
