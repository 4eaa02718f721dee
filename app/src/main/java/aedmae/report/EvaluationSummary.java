package aedmae.report;

import aedmae.eval.FrameLevelAucResult;
import aedmae.localization.LocalizationSummary;

/**
 * The content of {@code summary.json}: the protocol card and the frame-level AUCs of the raw and the
 * smoothed (final) scores. AUCs are fractions in [0, 1]; an undefined AUC is written as JSON null.
 *
 * @param protocol       what was run
 * @param videos         number of test videos
 * @param frames         number of test frames
 * @param abnormalFrames number of abnormal test frames (-1 without ground truth)
 * @param raw            AUCs of the raw frame scores (before the temporal filter); null without ground truth
 * @param smoothed       AUCs of the final frame scores; null without ground truth
 * @param localization   RBDC / TBDC where region labels exist; null otherwise
 */
public record EvaluationSummary(ProtocolCard protocol, int videos, int frames, int abnormalFrames,
                                FrameLevelAucResult raw, FrameLevelAucResult smoothed, LocalizationSummary localization) {
    /** A summary without localization. */
    public EvaluationSummary(ProtocolCard protocol, int videos, int frames, int abnormalFrames,
                             FrameLevelAucResult raw, FrameLevelAucResult smoothed) {
        this(protocol, videos, frames, abnormalFrames, raw, smoothed, null);
    }

    /** True when AUCs were computed (every video had labels). */
    public boolean evaluated() {
        return smoothed != null;
    }
}
