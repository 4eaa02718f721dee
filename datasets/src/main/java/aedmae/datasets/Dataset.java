package aedmae.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * A video anomaly dataset as found on disk: its layout, its training videos (normal only) and
 * its test videos with their labels. Opening lists files and reads label files; it decodes no
 * frame. Problems that concern one video (an empty folder, labels that do not fit) are left to
 * {@code DatasetPreparer} and the loader, which report or throw them; problems that concern the
 * whole dataset (unknown layout, a label file that does not match the list of videos) throw here.
 */
public final class Dataset {
    private final String name;
    private final Path root;
    private final Layout layout;
    private final List<Video> train;
    private final List<Video> test;
    private final List<String> notes;

    Dataset(String name, Path root, Layout layout, List<Video> train, List<Video> test, List<String> notes) {
        this.name = name;
        this.root = root;
        this.layout = layout;
        this.train = List.copyOf(train);
        this.test = List.copyOf(test);
        this.notes = List.copyOf(notes);
    }

    /**
     * Detects the layout of a dataset folder (or a single video file / frame folder) and lists
     * its videos and labels.
     *
     * @throws DatasetException for a missing path, an empty folder, an unknown layout or a label
     *                          file that does not match the videos
     */
    public static Dataset open(Path path) {
        return LayoutDetector.detect(path);
    }

    /** A short name for messages and the default cache folder ("ped2", "UCSDped2", a video's name). */
    public String name() {
        return name;
    }

    public Path root() {
        return root;
    }

    public Layout layout() {
        return layout;
    }

    /** Training videos, in natural name order (empty for a user's own test-only data). */
    public List<Video> train() {
        return train;
    }

    /** Test videos, in natural name order. */
    public List<Video> test() {
        return test;
    }

    public List<Video> videos(Split split) {
        return split == Split.TRAIN ? train : test;
    }

    /** How the layout and labels were found ("labels: ped2.mat (gt, 12 videos)"). */
    public List<String> notes() {
        return notes;
    }

    /** Name made safe for a folder name. */
    public String safeName() {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + layout + ", " + train.size() + " training videos, " + test.size() + " test videos]";
    }

    /**
     * The same dataset with only some of its training videos (e.g. without the videos kept aside
     * for validation, or only those). The test videos are unchanged.
     */
    public Dataset withTrainVideos(List<Video> videos) {
        for (Video v : videos) {
            if (!train.contains(v)) throw new IllegalArgumentException("video " + v.name() + " is not a training video of " + name);
        }
        return new Dataset(name, root, layout, videos, test, notes);
    }
}
