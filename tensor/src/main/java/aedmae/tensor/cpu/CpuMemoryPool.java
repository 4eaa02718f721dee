package aedmae.tensor.cpu;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Recycled float arrays, by exact length, for the CPU backend (its caching allocator). Arrays
 * come back through {@link aedmae.tensor.MemoryArena}; a taken array is zeroed, as a fresh one
 * would be. The pool holds at most a quarter of the maximum heap; beyond that, arrays are left to
 * the garbage collector. Small arrays are not pooled (the JVM allocates them cheaply).
 */
final class CpuMemoryPool {
    private static final int MIN_POOLED = 1 << 14;
    private static final long CAPACITY = Runtime.getRuntime().maxMemory() / 4;

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private long pooledBytes;
    private long hits, misses;

    synchronized float[] take(int n) {
        return take(n, true);
    }

    /** An array of length n; a recycled one is zeroed only when zero is true. */
    synchronized float[] take(int n, boolean zero) {
        if (n >= MIN_POOLED) {
            ArrayDeque<float[]> q = free.get(n);
            if (q != null && !q.isEmpty()) {
                float[] a = q.pop();
                pooledBytes -= 4L * n;
                hits++;
                if (zero) Arrays.fill(a, 0f);
                return a;
            }
            misses++;
        }
        return new float[n];
    }

    synchronized void give(float[] a) {
        if (a.length < MIN_POOLED || pooledBytes + 4L * a.length > CAPACITY) return;
        free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
        pooledBytes += 4L * a.length;
    }

    synchronized long[] stats() {
        return new long[]{hits, misses, pooledBytes};
    }

    synchronized void clear() {
        free.clear();
        pooledBytes = 0;
    }
}
