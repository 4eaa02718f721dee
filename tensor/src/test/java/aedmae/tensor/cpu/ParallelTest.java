package aedmae.tensor.cpu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    /** The chunks forRange ran, sorted by start. */
    private static List<int[]> chunks(int n, int grain) {
        List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
        Parallel.forRange(n, grain, (s, e) -> seen.add(new int[]{s, e}));
        List<int[]> out = new ArrayList<>(seen);
        out.sort((a, b) -> Integer.compare(a[0], b[0]));
        return out;
    }

    @Test
    void chunksTileTheRangeAndDependOnlyOnShapeAndThreads() {
        for (int threads : new int[]{1, 2, 3}) {
            Parallel.setThreads(threads);
            for (int n : new int[]{1, 7, 64, 1000, 12345}) {
                for (int grain : new int[]{1, 5, 100}) {
                    List<int[]> first = chunks(n, grain);
                    int expect = 0;
                    for (int[] c : first) {
                        assertEquals(expect, c[0], "chunks must be contiguous, n=" + n + " grain=" + grain);
                        assertTrue(c[1] > c[0], "no empty chunk");
                        expect = c[1];
                    }
                    assertEquals(n, expect, "chunks must cover [0, n)");
                    assertTrue(first.size() <= Math.max(1, (n + grain - 1) / grain), "chunks respect the grain");
                    for (int rep = 0; rep < 5; rep++) {
                        List<int[]> again = chunks(n, grain);
                        assertEquals(first.size(), again.size());
                        for (int i = 0; i < first.size(); i++) {
                            assertEquals(first.get(i)[0], again.get(i)[0]);
                            assertEquals(first.get(i)[1], again.get(i)[1]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theCallerAndTheHelpersShareALoop() {
        Parallel.setThreads(2);
        java.util.Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int rep = 0; rep < 200 && names.size() < 2; rep++) {
            Parallel.forRange(64, 1, (s, e) -> {
                names.add(Thread.currentThread().getName());
                long until = System.nanoTime() + 200_000;
                while (System.nanoTime() < until) Thread.onSpinWait(); // long enough for the helper to claim a chunk
            });
        }
        assertTrue(names.contains(Thread.currentThread().getName()), "the calling thread runs chunks: " + names);
        assertTrue(names.contains("aedmae-cpu-1"), "the helper runs chunks: " + names);
    }

    @Test
    void aLoopInsideALoopRunsInlineOverTheSameChunks() {
        Parallel.setThreads(2);
        int[] sums = new int[8];
        Parallel.forRange(8, 1, (s, e) -> {
            for (int i = s; i < e; i++) {
                String me = Thread.currentThread().getName();
                int[] inner = new int[1];
                Parallel.forRange(100, 1, (a, b) -> {
                    assertEquals(me, Thread.currentThread().getName(), "a nested loop stays on its thread");
                    inner[0] += b - a;
                });
                sums[i] = inner[0];
            }
        });
        for (int x : sums) assertEquals(100, x);
    }

    @Test
    void aChunksExceptionReachesTheCallerAndTheCrewGoesOn() {
        Parallel.setThreads(2);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Parallel.forRange(16, 1, (s, end) -> {
                    if (s <= 11 && 11 < end) throw new IllegalStateException("chunk with 11");
                }));
        assertEquals("chunk with 11", e.getMessage());
        java.util.concurrent.atomic.AtomicInteger covered = new java.util.concurrent.atomic.AtomicInteger();
        Parallel.forRange(16, 1, (s, end) -> covered.addAndGet(end - s));
        assertEquals(16, covered.get());
    }

    @Test
    void loopsFromSeveralThreadsAtOnceEachCoverTheirRange() throws Exception {
        Parallel.setThreads(2);
        int callers = 4, loops = 300;
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int n = 50 + 17 * c;
                results.add(ex.submit(() -> {
                    for (int rep = 0; rep < loops; rep++) {
                        int[] hits = new int[n];
                        Parallel.forRange(n, 1, (s, e) -> {
                            for (int i = s; i < e; i++) hits[i]++;
                        });
                        for (int h : hits) if (h != 1) return false;
                    }
                    return true;
                }));
            }
            for (var f : results) assertTrue(f.get(60, java.util.concurrent.TimeUnit.SECONDS), "every index run exactly once");
        } finally {
            ex.shutdownNow();
        }
    }
}
