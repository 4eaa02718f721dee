package aedmae.watch;

/**
 * The two levels of an event threshold: an event starts when the score rises above {@code high}
 * and ends once it has stayed below {@code low} for {@code endFrames} frames, so that a score
 * wavering around the threshold makes one event, not many.
 *
 * @param high      start level θ
 * @param low       end level, ≤ θ
 * @param endFrames frames below {@code low} that end an event
 */
public record Hysteresis(double high, double low, int endFrames) {
    public Hysteresis {
        if (!(low <= high)) throw new IllegalArgumentException("hysteresis: the end level " + low + " must not exceed the start level " + high);
        if (endFrames < 1) throw new IllegalArgumentException("hysteresis: endFrames must be >= 1, got " + endFrames);
    }

    /** θ with the end level a fraction {@code band} of the way from θ down to the typical normal score. */
    public static Hysteresis of(double threshold, double typical, double band, int endFrames) {
        double low = threshold - band * Math.max(0, threshold - typical);
        return new Hysteresis(threshold, low, endFrames);
    }

    /** How many events this hysteresis makes on a score sequence (for calibration). */
    public int countEvents(double[] scores) {
        int events = 0, below = 0;
        boolean active = false;
        for (double s : scores) {
            if (!active) {
                if (s > high) {
                    active = true;
                    events++;
                    below = 0;
                }
            } else if (s < low) {
                if (++below >= endFrames) active = false;
            } else {
                below = 0;
            }
        }
        return events;
    }
}
