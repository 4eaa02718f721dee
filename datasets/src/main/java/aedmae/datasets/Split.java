package aedmae.datasets;

/** Which part of a dataset a video belongs to. */
public enum Split {
    /** Normal videos only, used to train. */
    TRAIN("training"),
    /** Videos with abnormal events, scored and evaluated (labels when available). */
    TEST("testing");

    private final String folder;

    Split(String folder) {
        this.folder = folder;
    }

    /** The folder name this split's cache lives in ("training" or "testing"). */
    public String folder() {
        return folder;
    }
}
