package aedmae.eval;

/**
 * One video's frame-level AUC under both conventions.
 *
 * @param name           the video's name
 * @param frames         number of frames T
 * @param abnormalFrames number of frames labelled abnormal
 * @param auc            AUC of the video's frames as they are; NaN when the video holds one class only
 * @param paddedAuc      AUC after the reference padding (see {@link FrameLevelAuc#pad}); always defined
 */
public record VideoAuc(String name, int frames, int abnormalFrames, double auc, double paddedAuc) {
    /** True when the video holds both normal and abnormal frames. */
    public boolean defined() {
        return !Double.isNaN(auc);
    }
}
