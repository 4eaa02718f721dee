package aedmae.localization;

import aedmae.datasets.regions.RegionLabels;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The "where" of an evaluation: every test video's detected regions and, where region labels
 * exist, RBDC and TBDC over the videos that have them.
 *
 * @param videos  detected regions per video (all scored videos, labelled or not)
 * @param summary RBDC / TBDC and counts; null when no video has region labels
 * @param curve   the curves behind the summary; null with it
 */
public record Localization(List<VideoRegions> videos, LocalizationSummary summary, DetectionCurve curve) {
    public boolean evaluated() {
        return summary != null;
    }

    /**
     * Scales each labelled video's detections to its label's frame size and applies the criteria.
     *
     * @param videos       detected regions, in map pixels
     * @param labels       region labels by video name (videos without an entry are left out of RBDC / TBDC)
     * @param regionMethod how the regions were cut out ({@link RegionOptions#describe()}), for the summary
     */
    public static Localization evaluate(List<VideoRegions> videos, Map<String, RegionLabels> labels, String regionMethod,
                                        DetectionCriteria criteria) {
        List<DetectionCriteria.Video> cases = new ArrayList<>();
        Set<String> tracks = new LinkedHashSet<>();
        for (VideoRegions v : videos) {
            RegionLabels truth = labels.get(v.name());
            if (truth == null) continue;
            if (!truth.sizeKnown()) throw new IllegalArgumentException(truth.source() + ": region labels without a frame size");
            cases.add(new DetectionCriteria.Video(v.name(), v.frames(), v.scaledTo(truth.width(), truth.height()), truth));
            tracks.add(truth.format() + (truth.tracksLinked() ? ": regions linked across frames (gaps up to 5 frames, IoU ≥ 0.1)" : ": track ids as given"));
        }
        if (cases.isEmpty()) return new Localization(List.copyOf(videos), null, null);
        DetectionCriteria.Result r = criteria.evaluate(cases);
        return new Localization(List.copyOf(videos), r.summary().withMethod(regionMethod, String.join("; ", tracks)), r.curve());
    }
}
