package aedmae.datasets.synthetic;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One real moving object of a video, followed frame by frame: from a frame where it is a
 * candidate object ({@link ForegroundObjects#find}), forward and backward, each step taking the
 * candidate whose centre is nearest to the last one and at most maxStep pixels from it; the track
 * ends in a direction where no candidate is near enough (the object left, stopped, or merged
 * with another).
 *
 * @param video index of the video in the store
 * @param start frame of boxes[0]
 * @param boxes the object in frames start, start + 1, ... (null where it was not found)
 */
public record ObjectTrack(int video, int start, ForegroundObjects.Blob[] boxes) {
    /**
     * Follows a random candidate object of frame `from` through frames [first, end).
     *
     * @return the track, or null when frame `from` has no candidate object
     */
    public static ObjectTrack follow(ForegroundObjects objects, SplittableRandom rng, int video, int from, int first, int end, double maxStep) {
        List<ForegroundObjects.Blob> here = objects.find(video, from);
        if (here.isEmpty()) return null;
        ForegroundObjects.Blob[] boxes = new ForegroundObjects.Blob[end - first];
        boxes[from - first] = here.get(rng.nextInt(here.size()));
        for (int dir = -1; dir <= 1; dir += 2) {
            ForegroundObjects.Blob last = boxes[from - first];
            for (int t = from + dir; t >= first && t < end && last != null; t += dir) {
                last = nearest(objects.find(video, t), last, maxStep);
                boxes[t - first] = last;
            }
        }
        return new ObjectTrack(video, first, boxes);
    }

    private static ForegroundObjects.Blob nearest(List<ForegroundObjects.Blob> candidates, ForegroundObjects.Blob to, double maxStep) {
        ForegroundObjects.Blob best = null;
        double bestDistance = maxStep;
        for (ForegroundObjects.Blob b : candidates) {
            double d = Math.hypot(b.centreX() - to.centreX(), b.centreY() - to.centreY());
            if (d <= bestDistance) {
                best = b;
                bestDistance = d;
            }
        }
        return best;
    }

    /** The object in frame t, or null where the track does not reach. */
    public ForegroundObjects.Blob at(int t) {
        int i = t - start;
        return i < 0 || i >= boxes.length ? null : boxes[i];
    }

    /** Frames in which the object was found. */
    public int length() {
        int n = 0;
        for (ForegroundObjects.Blob b : boxes) if (b != null) n++;
        return n;
    }

    /** Mean distance its centre moves per frame (pixels), over consecutive found frames; 0 for a single frame. */
    public double speed() {
        double sum = 0;
        int steps = 0;
        for (int i = 1; i < boxes.length; i++)
            if (boxes[i] != null && boxes[i - 1] != null) {
                sum += Math.hypot(boxes[i].centreX() - boxes[i - 1].centreX(), boxes[i].centreY() - boxes[i - 1].centreY());
                steps++;
            }
        return steps == 0 ? 0 : sum / steps;
    }

    public String describe() {
        return String.format(Locale.ROOT, "followed over %d frames at %.2f px/frame", length(), speed());
    }
}
