package aedmae.tensor;

import java.util.SplittableRandom;

/**
 * A seeded random generator for tensors. Values are drawn on the host in a fixed order and
 * uploaded, so a seed gives the same numbers on every backend and every run.
 *
 * <p>Its state can be saved and restored ({@link #state()}, {@link #Rng(long[])}) so that a
 * resumed training run draws exactly what an uninterrupted one would.
 */
public final class Rng {
    // xoshiro128-style state would do as well; SplitMix64 is simple, fast and fully specified.
    private long state;
    private long draws;

    public Rng(long seed) {
        this.state = seed;
    }

    /** Restores a state saved by {@link #state()}. */
    public Rng(long[] saved) {
        this.state = saved[0];
        this.draws = saved[1];
    }

    /** The full generator state, for checkpoints. */
    public long[] state() {
        return new long[]{state, draws};
    }

    /** An independent generator derived from this one (advances this one by one draw). */
    public Rng split() {
        return new Rng(nextLong());
    }

    public long nextLong() {
        draws++;
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 24 random bits (every float value is exactly representable). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        return (int) ((nextLong() >>> 33) % bound);
    }

    /** Standard normal (Box-Muller, one value per call). */
    public double nextGaussian() {
        double u1 = nextDouble(), u2 = nextDouble();
        if (u1 < 1e-300) u1 = 1e-300;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    public float[] uniformArray(int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * nextFloat();
        return a;
    }

    public Tensor uniform(float lo, float hi, int... shape) {
        return Tensor.of(uniformArray(Shape.numel(shape), lo, hi), shape);
    }

    public Tensor normal(float mean, float std, int... shape) {
        float[] a = new float[Shape.numel(shape)];
        for (int i = 0; i < a.length; i++) a[i] = (float) (mean + std * nextGaussian());
        return Tensor.of(a, shape);
    }

    /**
     * Normal(mean, std) truncated to [lo, hi] by rejection. Note that PyTorch's trunc_normal_
     * takes lo and hi in absolute units (default -2, 2), so with std 0.02 it hardly truncates.
     */
    public Tensor truncatedNormal(float mean, float std, float lo, float hi, int... shape) {
        if (!(lo < hi)) throw new IllegalArgumentException("truncatedNormal: need lo < hi, got " + lo + ", " + hi);
        float[] a = new float[Shape.numel(shape)];
        for (int i = 0; i < a.length; i++) {
            double v;
            int tries = 0;
            do {
                v = mean + std * nextGaussian();
                if (++tries > 1000) { v = Math.min(Math.max(v, lo), hi); break; }
            } while (v < lo || v > hi);
            a[i] = (float) v;
        }
        return Tensor.of(a, shape);
    }

    /** A random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }
}
