package aedmae.datasets;

/** The folder layouts {@link Dataset#open} recognises. */
public enum Layout {
    /** {@code training/frames/<video>/<n>.jpg}, {@code testing/frames/...}, labels in {@code <name>.mat} (ped1, ped2, Avenue frames). */
    FRAME_FOLDERS("training/frames + testing/frames"),
    /** The original UCSD archive: {@code UCSDped2/Train/Train001/001.tif}, {@code Test/Test001}, labels in {@code Test/UCSDped2.m}. */
    UCSD("UCSD Train/Test"),
    /** CUHK Avenue: {@code training_videos/01.avi}, {@code testing_videos/01.avi}, labels in {@code testing_label_mask/1_label.mat} or a {@code gt} .mat. */
    AVENUE("Avenue training_videos/testing_videos"),
    /** ShanghaiTech: {@code training/videos/01_001.avi}, {@code testing/frames/01_0014/}, labels in {@code testing/test_frame_mask/01_0014.npy}. */
    SHANGHAITECH("ShanghaiTech training/videos + testing/frames"),
    /** A user's own data split in {@code training/} and {@code testing/}, each holding video files or frame folders. */
    SPLIT_FOLDERS("training/ + testing/ with videos or frame folders"),
    /** A folder of video files and/or frame folders, all scored as test videos. */
    VIDEO_COLLECTION("folder of videos"),
    /** One folder of frames: a single test video. */
    FRAME_FOLDER("single frame folder"),
    /** One video file: a single test video. */
    VIDEO_FILE("single video file");

    private final String description;

    Layout(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
