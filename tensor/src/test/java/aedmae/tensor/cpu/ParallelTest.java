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
}
