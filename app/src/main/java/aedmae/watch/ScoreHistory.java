package aedmae.watch;

/** A camera's recent frame scores with their times, for the status page's chart. Thread-safe; bounded. */
final class ScoreHistory {
    private final long[] times;
    private final double[] scores;
    private long count;

    ScoreHistory(int capacity) {
        times = new long[capacity];
        scores = new double[capacity];
    }

    synchronized void add(long epochMillis, double score) {
        int i = (int) (count++ % times.length);
        times[i] = epochMillis;
        scores[i] = score;
    }

    /** Up to {@code points} (time, score) pairs spread over the history, oldest first. */
    synchronized double[][] sample(int points) {
        int n = (int) Math.min(count, times.length);
        int step = Math.max(1, (n + points - 1) / Math.max(1, points));
        int m = (n + step - 1) / step;
        double[][] out = new double[m][];
        long oldest = count - n;
        for (int k = 0; k < m; k++) {
            int i = (int) ((oldest + (long) k * step) % times.length);
            out[k] = new double[] {times[i], scores[i]};
        }
        return out;
    }
}
