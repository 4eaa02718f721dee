package aedmae.watch;

import java.util.Arrays;
import java.util.List;

/**
 * A camera's event threshold from normal video, for a target false-alarm rate: the lowest θ such
 * that the hysteresis ({@link Hysteresis}) replayed over the normal scores makes at most
 * {@code rate × hours} events at θ and at every level above it. Normal video shorter than 1/rate hours cannot show a rate that
 * low: then θ is set just above the highest normal score (plus {@code margin} of the normal
 * spread), and {@link Result#resolvablePerHour()} says the lowest rate the video could vouch for.
 */
public final class ThresholdCalibration {
    private ThresholdCalibration() {}

    /**
     * @param hysteresis        the threshold found, with its end level
     * @param normalSeconds     seconds of normal video used
     * @param resolvablePerHour one event in the normal video, per hour: the lowest rate it can vouch for
     * @param eventsInNormal    events θ makes on the normal video
     * @param median            the median normal score
     */
    public record Result(Hysteresis hysteresis, double normalSeconds, double resolvablePerHour, int eventsInNormal, double median) {
        public String describe(String camera, double targetPerHour) {
            return String.format("camera %s: threshold %.5g (end below %.5g) from %.0f s of normal video: %d event(s) there; target %.3g false alarms/hour%s",
                    camera, hysteresis.high(), hysteresis.low(), normalSeconds, eventsInNormal, targetPerHour,
                    resolvablePerHour > targetPerHour ? String.format(" (the video can only show rates down to %.3g/hour: threshold set above every normal score)", resolvablePerHour) : "");
        }
    }

    /**
     * @param normalRuns    frame scores of normal video, one array per continuous run
     * @param fps           frames per second of that video
     * @param targetPerHour the false-alarm rate to meet, events per hour
     * @param band          the hysteresis band (fraction of θ − median), e.g. 0.2
     * @param endFrames     frames below the end level that end an event
     * @param margin        above the highest normal score, as a fraction of (max − median), when the
     *                      video is too short for the target
     */
    public static Result calibrate(List<double[]> normalRuns, double fps, double targetPerHour, double band, int endFrames, double margin) {
        double[] all = normalRuns.stream().flatMapToDouble(Arrays::stream).toArray();
        if (all.length == 0) throw new IllegalArgumentException("threshold calibration needs normal video, got no frames");
        if (!(fps > 0) || !(targetPerHour > 0)) throw new IllegalArgumentException("threshold calibration needs fps > 0 and a rate > 0");
        double[] sorted = all.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2], max = sorted[sorted.length - 1];
        double seconds = all.length / fps, hours = seconds / 3600;
        int allowed = (int) Math.floor(targetPerHour * hours);
        double theta = max + margin * Math.max(max - median, 1e-12 * Math.abs(max) + 1e-12);
        if (allowed >= 1) {
            // Scan down from the highest normal score and stop at the first θ that makes too many
            // events: the count is not monotone in θ (a low θ merges everything into one long
            // event), so θ is the lowest level above which every level meets the budget. At most
            // 4096 candidates, from the upper half of the normal scores.
            int step = Math.max(1, (sorted.length / 2) / 4096), good = -1, bad = sorted.length / 2 - 1;
            for (int i = sorted.length - 1; i >= sorted.length / 2; i -= step) {
                if (events(normalRuns, Hysteresis.of(sorted[i], median, band, endFrames)) > allowed) { bad = i; break; }
                good = i;
            }
            if (good >= 0) {
                for (int i = good - 1; i > bad; i--) { // refine between the last good and the first bad candidate
                    if (events(normalRuns, Hysteresis.of(sorted[i], median, band, endFrames)) > allowed) break;
                    good = i;
                }
                theta = sorted[good];
            }
        }
        Hysteresis h = Hysteresis.of(theta, median, band, endFrames);
        return new Result(h, seconds, 3600 / seconds, events(normalRuns, h), median);
    }

    private static int events(List<double[]> runs, Hysteresis h) {
        int n = 0;
        for (double[] r : runs) n += h.countEvents(r);
        return n;
    }
}
