package aedmae.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Micro and macro frame-level ROC AUC over the videos of a test set (paper Section 4.1, "AUC metrics").
 *
 * <ul>
 *   <li><b>Micro</b>: the frames of all videos concatenated, one AUC. Never padded.</li>
 *   <li><b>Macro, {@code padded}</b> (the reference code's convention): each video's labels get a
 *       leading 0 and a trailing 1, its scores a leading 0 and a trailing 1, then the per-video AUCs
 *       are averaged over all videos. The padding makes the AUC defined for videos of one class only
 *       (UCSD Ped2 test videos 08–11 are abnormal in every frame). The padding values are the literal
 *       numbers 0 and 1, as in the reference; they act as "lowest" and "highest" score only when the
 *       video's scores lie in [0, 1], i.e. when scores are min–max normalised per video (then the
 *       padded 0 ties with the video's minimum and the padded 1 with its maximum). With unnormalised
 *       scores the padded AUC depends on the score scale; such videos are listed in
 *       {@link FrameLevelAucResult#scoresOutsideUnitRange()} so the report can warn.</li>
 *   <li><b>Macro, {@code defined-only}</b>: the mean of the unpadded per-video AUCs over the videos
 *       that contain both classes; the skipped videos are listed.</li>
 * </ul>
 * Where the two macro numbers differ, both are reported (see {@link FrameLevelAucResult#macroConventionsDiffer()}).
 */
public final class FrameLevelAuc {
    private FrameLevelAuc() {}

    /** Name of the padded macro convention, as written in reports and the protocol card. */
    public static final String PADDED = "padded";
    /** Name of the defined-only macro convention, as written in reports and the protocol card. */
    public static final String DEFINED_ONLY = "defined-only";

    /**
     * Micro and macro AUCs of the given videos.
     *
     * @param videos the test videos; not modified; at least one
     */
    public static FrameLevelAucResult evaluate(List<VideoScores> videos) {
        if (videos.isEmpty()) throw new IllegalArgumentException("FrameLevelAuc: no videos to evaluate");
        int total = 0;
        for (VideoScores v : videos) total += v.frames();
        double[] allScores = new double[total];
        int[] allLabels = new int[total];
        List<VideoAuc> perVideo = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        double paddedSum = 0, definedSum = 0;
        int definedCount = 0;
        int offset = 0;
        for (VideoScores v : videos) {
            if (v.frames() == 0) throw new IllegalArgumentException("FrameLevelAuc: video " + v.name() + " has no frames");
            System.arraycopy(v.scores(), 0, allScores, offset, v.frames());
            System.arraycopy(v.labels(), 0, allLabels, offset, v.frames());
            offset += v.frames();
            double auc = RocAuc.auc(v.scores(), v.labels());
            VideoScores padded = pad(v);
            double paddedAuc = RocAuc.auc(padded.scores(), padded.labels());
            perVideo.add(new VideoAuc(v.name(), v.frames(), v.abnormalFrames(), auc, paddedAuc));
            paddedSum += paddedAuc;
            if (Double.isNaN(auc)) {
                skipped.add(v.name());
            } else {
                definedSum += auc;
                definedCount++;
            }
            for (double s : v.scores()) {
                if (s < 0 || s > 1) {
                    outside.add(v.name());
                    break;
                }
            }
        }
        double micro = RocAuc.auc(allScores, allLabels);
        double macroPadded = paddedSum / videos.size();
        double macroDefined = definedCount == 0 ? Double.NaN : definedSum / definedCount;
        return new FrameLevelAucResult(micro, macroPadded, macroDefined, perVideo, skipped, outside);
    }

    /**
     * The reference padding of one video: labels {@code [0, l_0 .. l_{T-1}, 1]} and scores
     * {@code [0, s_0 .. s_{T-1}, 1]}. Returns new arrays; the input is not modified.
     */
    public static VideoScores pad(VideoScores v) {
        int t = v.frames();
        double[] s = new double[t + 2];
        int[] l = new int[t + 2];
        System.arraycopy(v.scores(), 0, s, 1, t);
        System.arraycopy(v.labels(), 0, l, 1, t);
        s[t + 1] = 1;
        l[t + 1] = 1;
        return new VideoScores(v.name(), s, l);
    }
}
