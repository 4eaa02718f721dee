package aedmae.datasets;

/** 64-bit mixing for cache fingerprints and per-sample seeds (SplitMix64's finaliser). */
public final class Fingerprint {
    private Fingerprint() {}

    /** Mixes a value into a running hash. */
    public static long mix(long h, long v) {
        return finish(h * 31 + v + 0x9E3779B97F4A7C15L);
    }

    /** SplitMix64 finaliser: a bijective scramble of 64 bits. */
    public static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
