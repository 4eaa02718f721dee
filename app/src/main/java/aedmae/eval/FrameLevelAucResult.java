package aedmae.eval;

import java.util.List;

/**
 * Frame-level AUCs of one set of scores (raw or smoothed) over a test set.
 *
 * @param micro                  AUC over all test frames concatenated, unpadded (paper Section 4.1)
 * @param macroPadded            mean over all videos of the padded per-video AUC (the reference convention)
 * @param macroDefinedOnly       mean of the per-video AUC over the videos where it is defined (no padding);
 *                               NaN when no video is defined
 * @param perVideo               per-video AUCs, in input order
 * @param skippedInDefinedOnly   names of the videos left out of {@code macroDefinedOnly} (one class only)
 * @param scoresOutsideUnitRange names of the videos whose scores leave [0, 1]: the padding values 0 and 1
 *                               are then not the video's extremes, so the padded AUC depends on the
 *                               score scale (see {@link FrameLevelAuc#pad})
 */
public record FrameLevelAucResult(double micro, double macroPadded, double macroDefinedOnly,
                                  List<VideoAuc> perVideo, List<String> skippedInDefinedOnly,
                                  List<String> scoresOutsideUnitRange) {
    public FrameLevelAucResult {
        perVideo = List.copyOf(perVideo);
        skippedInDefinedOnly = List.copyOf(skippedInDefinedOnly);
        scoresOutsideUnitRange = List.copyOf(scoresOutsideUnitRange);
    }

    /** True when the two macro conventions give different numbers (beyond 1e-12), so both must be reported. */
    public boolean macroConventionsDiffer() {
        if (Double.isNaN(macroPadded) != Double.isNaN(macroDefinedOnly)) return true;
        return Math.abs(macroPadded - macroDefinedOnly) > 1e-12;
    }
}
