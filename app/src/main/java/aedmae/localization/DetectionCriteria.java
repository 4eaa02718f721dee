package aedmae.localization;

import aedmae.datasets.regions.Box;
import aedmae.datasets.regions.RegionLabels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Region-Based and Track-Based Detection Criteria (RBDC, TBDC; Ramachandra and Jones, WACV
 * 2020), computed from scored detected regions and ground-truth region labels. The definitions and
 * where the public code differs are in the {@link aedmae.localization package documentation}.
 *
 * <pre>
 *   var c = new DetectionCriteria(0.1, 0.1);
 *   DetectionCriteria.Result r = c.evaluate(List.of(new DetectionCriteria.Video("01", 180, detections, labels)));
 *   r.summary().rbdc();
 * </pre>
 */
public final class DetectionCriteria {
    /** The overlap thresholds of Ramachandra and Jones, used by the AED-MAE supplementary. */
    public static final double REGION_OVERLAP = 0.1, TRACK_OVERLAP = 0.1;

    private final double regionOverlap, trackOverlap;

    /**
     * @param regionOverlap β: IoU at or above which a detected region detects a ground-truth region
     * @param trackOverlap  α: fraction of a track's regions that must be detected for the track to be
     */
    public DetectionCriteria(double regionOverlap, double trackOverlap) {
        if (!(regionOverlap > 0 && regionOverlap <= 1)) throw new IllegalArgumentException("region overlap must be in (0, 1], got " + regionOverlap);
        if (!(trackOverlap > 0 && trackOverlap <= 1)) throw new IllegalArgumentException("track overlap must be in (0, 1], got " + trackOverlap);
        this.regionOverlap = regionOverlap;
        this.trackOverlap = trackOverlap;
    }

    /** β = α = 0.1. */
    public static DetectionCriteria standard() {
        return new DetectionCriteria(REGION_OVERLAP, TRACK_OVERLAP);
    }

    /**
     * One test video.
     *
     * @param name       its name
     * @param frames     its frame count T (every frame counts in the false-positive rate)
     * @param detections {@code [T]} per frame, detected regions in the label's pixel grid
     * @param truth      its region labels (frames past their end have no region)
     */
    public record Video(String name, int frames, List<List<ScoredBox>> detections, RegionLabels truth) {
        public Video {
            if (detections.size() != frames)
                throw new IllegalArgumentException("video " + name + ": detections for " + detections.size() + " frames, expected " + frames);
            if (truth.frames() > frames)
                throw new IllegalArgumentException("video " + name + ": region labels for " + truth.frames() + " frames but " + frames + " frames");
        }
    }

    /** The summary numbers and the curve they come from. */
    public record Result(LocalizationSummary summary, DetectionCurve curve) {}

    private record Detection(int video, int frame, Box box, double score) {}

    public Result evaluate(List<Video> videos) {
        int frames = 0, regions = 0, tracks = 0;
        int[] trackBase = new int[videos.size()];
        List<Detection> all = new ArrayList<>();
        for (int v = 0; v < videos.size(); v++) {
            Video vid = videos.get(v);
            frames += vid.frames();
            regions += vid.truth().regionCount();
            trackBase[v] = tracks;
            tracks += vid.truth().trackCount();
            for (int t = 0; t < vid.frames(); t++)
                for (ScoredBox d : vid.detections().get(t)) {
                    if (Double.isNaN(d.score())) throw new IllegalArgumentException("video " + vid.name() + " frame " + t + ": a region's score is NaN");
                    all.add(new Detection(v, t, d.box(), d.score()));
                }
        }
        // ground truth bookkeeping: which regions are detected, how many regions of each track
        boolean[][][] detected = new boolean[videos.size()][][];
        int[] trackLength = new int[tracks], trackHits = new int[tracks];
        boolean[] trackDone = new boolean[tracks];
        for (int v = 0; v < videos.size(); v++) {
            RegionLabels truth = videos.get(v).truth();
            detected[v] = new boolean[videos.get(v).frames()][];
            for (int t = 0; t < videos.get(v).frames(); t++) {
                detected[v][t] = new boolean[truth.regions(t).size()];
                for (int id : truth.trackIds(t)) trackLength[trackBase[v] + id]++;
            }
        }
        all.sort(Comparator.comparingDouble(Detection::score).reversed()); // stable: ties keep video, frame order

        int k = all.size();
        double[] thr = new double[k + 1], fpr = new double[k + 1], rbdr = new double[k + 1], tbdr = new double[k + 1];
        thr[0] = Double.POSITIVE_INFINITY;
        int points = 1, fp = 0, tp = 0, tracksDetected = 0;
        for (int i = 0; i < k; ) {
            double s = all.get(i).score();
            for (; i < k && all.get(i).score() == s; i++) { // one threshold: every detection of this score at once
                Detection d = all.get(i);
                RegionLabels truth = videos.get(d.video()).truth();
                List<Box> gt = truth.regions(d.frame());
                int[] ids = truth.trackIds(d.frame());
                boolean overlaps = false;
                for (int g = 0; g < gt.size(); g++) {
                    if (d.box().iou(gt.get(g)) < regionOverlap) continue;
                    overlaps = true;
                    if (detected[d.video()][d.frame()][g]) continue;
                    detected[d.video()][d.frame()][g] = true;
                    tp++;
                    int track = trackBase[d.video()] + ids[g];
                    trackHits[track]++;
                    // detected once the fraction of its regions detected reaches α (as a division, like the paper)
                    if (!trackDone[track] && (double) trackHits[track] / trackLength[track] >= trackOverlap) {
                        trackDone[track] = true;
                        tracksDetected++;
                    }
                }
                if (!overlaps) fp++;
            }
            thr[points] = s;
            fpr[points] = frames == 0 ? 0 : (double) fp / frames;
            rbdr[points] = regions == 0 ? Double.NaN : (double) tp / regions;
            tbdr[points] = tracks == 0 ? Double.NaN : (double) tracksDetected / tracks;
            points++;
        }
        if (regions == 0) rbdr[0] = Double.NaN;
        if (tracks == 0) tbdr[0] = Double.NaN;
        DetectionCurve curve = new DetectionCurve(java.util.Arrays.copyOf(thr, points), java.util.Arrays.copyOf(fpr, points),
                java.util.Arrays.copyOf(rbdr, points), java.util.Arrays.copyOf(tbdr, points));
        int one = curve.lastAtOrBelow(1.0);
        LocalizationSummary summary = new LocalizationSummary(
                DetectionCurve.areaUpTo(curve.fpr(), curve.rbdr(), 1.0), DetectionCurve.areaUpTo(curve.fpr(), curve.tbdr(), 1.0),
                regionOverlap, trackOverlap, curve.rbdr()[one], curve.tbdr()[one], videos.size(), frames, regions, tracks, all.size(), null, null);
        return new Result(summary, curve);
    }
}
