package aedmae.localization;

/**
 * RBDC and TBDC of a test set, as written to {@code summary.json} (fractions in [0, 1]; NaN, written
 * as null, when there is no region or no track). See the package documentation for the definitions.
 *
 * @param rbdc            area under the region detection rate versus false positives per frame, FPR 0 to 1
 * @param tbdc            area under the track detection rate versus false positives per frame, FPR 0 to 1
 * @param regionOverlap   β: least IoU for a detected region to detect a ground-truth region (0.1)
 * @param trackOverlap    α: least fraction of a track's regions detected for the track to be detected (0.1)
 * @param rbdrAtOneFp     region detection rate when the threshold first lets through 1 false positive per frame (or at the lowest threshold)
 * @param tbdrAtOneFp     track detection rate at that point
 * @param videos          test videos with region labels
 * @param frames          their frames (the FPR denominator)
 * @param regions         ground-truth regions
 * @param tracks          ground-truth tracks
 * @param detections      detected (candidate) regions over all thresholds
 * @param regionMethod    how detected regions were cut out of the maps
 * @param tracksFrom      how ground-truth tracks were obtained
 */
public record LocalizationSummary(double rbdc, double tbdc, double regionOverlap, double trackOverlap,
                                  double rbdrAtOneFp, double tbdrAtOneFp, int videos, int frames, int regions,
                                  int tracks, int detections, String regionMethod, String tracksFrom) {
    /** The same summary with the region method described. */
    public LocalizationSummary withMethod(String method, String tracks) {
        return new LocalizationSummary(rbdc, tbdc, regionOverlap, trackOverlap, rbdrAtOneFp, tbdrAtOneFp, videos, frames,
                regions, this.tracks, detections, method, tracks);
    }
}
