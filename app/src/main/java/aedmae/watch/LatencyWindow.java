package aedmae.watch;

import java.util.Arrays;

/** The last {@code capacity} latencies of a camera, for percentiles on the status page and in benchmarks. Thread-safe. */
final class LatencyWindow {
    private final double[] ring;
    private long count;

    LatencyWindow(int capacity) {
        ring = new double[capacity];
    }

    synchronized void add(double seconds) {
        ring[(int) (count++ % ring.length)] = seconds;
    }

    /** The q-quantile (0..1) of the window, NaN when empty. */
    synchronized double quantile(double q) {
        int n = (int) Math.min(count, ring.length);
        if (n == 0) return Double.NaN;
        double[] v = Arrays.copyOf(ring, n);
        Arrays.sort(v);
        return v[Math.min(n - 1, (int) Math.ceil(q * n) - 1 < 0 ? 0 : (int) Math.ceil(q * n) - 1)];
    }
}
