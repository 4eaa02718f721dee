package aedmae.datasets.regions;

import java.util.ArrayList;
import java.util.List;

/**
 * Links per-frame regions into tracks (one abnormal object followed through time), for ground truth
 * that gives regions without track ids (pixel masks, box lists without ids). Greedy, frame by frame:
 * a region joins the live track whose last box overlaps it best (IoU at least {@code minIou}), a
 * track stays live for {@code maxGap} frames without a region (so a track broken for a few frames in
 * the middle stays one track), every unmatched region starts a new track. Each track takes at most
 * one region per frame. Deterministic: regions in list order, ties to the older track.
 */
public final class TrackLinker {
    private final int maxGap;
    private final double minIou;

    /**
     * @param maxGap frames a track may skip and still be continued (0: only consecutive frames link)
     * @param minIou least IoU between a track's last box and a region for the region to continue it
     */
    public TrackLinker(int maxGap, double minIou) {
        if (maxGap < 0) throw new IllegalArgumentException("maxGap must be >= 0, got " + maxGap);
        if (!(minIou > 0 && minIou <= 1)) throw new IllegalArgumentException("minIou must be in (0, 1], got " + minIou);
        this.maxGap = maxGap;
        this.minIou = minIou;
    }

    /** The default: gaps of up to 5 frames, IoU at least 0.1 with the track's last box. */
    public static TrackLinker defaults() {
        return new TrackLinker(5, 0.1);
    }

    /**
     * Track ids for the regions of every frame: {@code ids.get(t)[i]} is the track of region i of
     * frame t; ids are 0, 1, 2, ... in order of each track's first region.
     */
    public List<int[]> link(List<List<Box>> regions) {
        List<int[]> ids = new ArrayList<>(regions.size());
        List<Box> lastBox = new ArrayList<>();
        List<Integer> lastFrame = new ArrayList<>();
        for (int t = 0; t < regions.size(); t++) {
            List<Box> frame = regions.get(t);
            int[] frameIds = new int[frame.size()];
            boolean[] taken = new boolean[lastBox.size()];
            for (int i = 0; i < frame.size(); i++) {
                Box b = frame.get(i);
                int best = -1;
                double bestIou = 0;
                for (int k = 0; k < taken.length; k++) { // tracks begun in this frame are not candidates
                    if (taken[k] || t - lastFrame.get(k) > maxGap + 1) continue;
                    double iou = b.iou(lastBox.get(k));
                    if (iou >= minIou && iou > bestIou) {
                        best = k;
                        bestIou = iou;
                    }
                }
                if (best < 0) {
                    best = lastBox.size();
                    lastBox.add(b);
                    lastFrame.add(t);
                } else {
                    taken[best] = true;
                }
                frameIds[i] = best;
            }
            for (int i = 0; i < frame.size(); i++) {
                lastBox.set(frameIds[i], frame.get(i));
                lastFrame.set(frameIds[i], t);
            }
            ids.add(frameIds);
        }
        return ids;
    }
}
