package aedmae.cli;

import aedmae.tensor.cpu.Parallel;

/**
 * Numeric flags checked where they enter the tool: a value out of range is one line naming the
 * flag and the accepted range (exit 2), never a silent fall-back to a default.
 */
final class FlagChecks {
    /** Upper bounds that keep a typo from exhausting memory or time (a batch of 10^6, 10^6 passes). */
    static final int MAX_BATCH = 4096, MAX_EPOCHS = 100_000, MAX_THREADS = 1024, MAX_PASSES = 32;

    private FlagChecks() {}

    /** value in [min, max], or null (flag not given). */
    static Integer range(String flag, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new IllegalArgumentException(flag + " must be " + (max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max)
                    + ", got " + value);
        }
        return value;
    }

    /** A finite value in (0, max], or null. */
    static Float positive(String flag, Float value, float max) {
        if (value != null && !(value > 0 && value <= max)) {
            throw new IllegalArgumentException(flag + " must be a number in (0, " + max + "], got " + value);
        }
        return value;
    }

    /** A finite value >= 0. */
    static double nonNegative(String flag, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) throw new IllegalArgumentException(flag + " must be a finite number >= 0, got " + value);
        return value;
    }

    /** A share in [0, 1], or null. */
    static Double unitInterval(String flag, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) throw new IllegalArgumentException(flag + " must be a number from 0 to 1, got " + value);
        return value;
    }

    /** --threads: 0 = all cores, else 1..MAX_THREADS; applied to the CPU backend. */
    static void applyThreads(int threads) {
        range("--threads", threads, 0, MAX_THREADS);
        if (threads > 0) Parallel.setThreads(threads);
    }
}
