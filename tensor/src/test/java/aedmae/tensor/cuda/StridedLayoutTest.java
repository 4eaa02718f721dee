package aedmae.tensor.cuda;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merging dims must not change any element's offset in any operand. */
class StridedLayoutTest {
    private static long offset(int[] shape, int[] strides, long f) {
        long off = 0;
        for (int d = shape.length - 1; d >= 0; d--) {
            off += (f % shape[d]) * strides[d];
            f /= shape[d];
        }
        return off;
    }

    @RepeatedTest(50)
    void mergedOffsetsEqualTheOriginals() {
        Random r = new Random();
        int rank = r.nextInt(7);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) shape[i] = r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(5);
        int[] contiguous = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--) { contiguous[i] = s; s *= shape[i]; }
        int[] permuted = contiguous.clone();
        for (int i = rank - 1; i > 0; i--) { int j = r.nextInt(i + 1); int t = permuted[i]; permuted[i] = permuted[j]; permuted[j] = t; }
        int[] broadcast = contiguous.clone();
        for (int i = 0; i < rank; i++) if (r.nextBoolean()) broadcast[i] = 0;
        StridedLayout l = StridedLayout.merged(shape, contiguous, permuted, broadcast);
        long n = l.numel();
        assertEquals(Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b), n);
        assertTrue(l.rank() <= rank);
        for (long f = 0; f < n; f++) {
            assertEquals(offset(shape, contiguous, f), l.offset(f, 0));
            assertEquals(offset(shape, permuted, f), l.offset(f, 1));
            assertEquals(offset(shape, broadcast, f), l.offset(f, 2));
        }
        assertTrue(l.contiguous(0), "a contiguous operand stays contiguous after merging");
    }

    @Test
    void contiguousShapesCollapseToOneDim() {
        StridedLayout l = StridedLayout.merged(new int[]{2, 3, 4}, new int[]{12, 4, 1}, new int[]{12, 4, 1});
        assertEquals(1, l.rank());
        assertEquals(24, l.shape[0]);
        StridedLayout t = StridedLayout.merged(new int[]{2, 3}, new int[]{3, 1}, new int[]{1, 2});
        assertEquals(2, t.rank(), "a transpose cannot be merged");
        assertEquals(0, StridedLayout.merged(new int[]{3, 0, 2}, new int[]{0, 0, 0}).numel());
        assertEquals(0, StridedLayout.merged(new int[0], new int[0]).rank());
    }

    @Test
    void packFollowsTheStructLayout() {
        StridedLayout l = StridedLayout.exact(new int[]{5, 6}, new int[]{6, 1}, new int[]{1, 5});
        int[] p = l.pack(2);
        assertEquals(StridedLayout.INTS, p.length);
        assertEquals(33, p.length, "rank + shape[8] + stride[3][8] in kernels/common.cuh");
        assertEquals(2, p[0]);
        assertEquals(5, p[1]);
        assertEquals(6, p[2]);
        assertEquals(6, p[9]);
        assertEquals(1, p[10]);
        assertEquals(1, p[17]);
        assertEquals(5, p[18]);
        assertThrows(UnsupportedOperationException.class,
                () -> StridedLayout.exact(new int[9], new int[9]).pack(1));
    }

    @Test
    void overlappingCopiesWithinOneStorageAreDetected() {
        int[] row = {1};
        // x[1:5] = x[0:4]: the ranges overlap, a plain cuMemcpyDtoDAsync would be undefined
        org.junit.jupiter.api.Assertions.assertTrue(Copy.overlaps(new int[]{4}, 0, row, 1, row));
        org.junit.jupiter.api.Assertions.assertTrue(Copy.overlaps(new int[]{4}, 3, row, 0, row));
        org.junit.jupiter.api.Assertions.assertFalse(Copy.overlaps(new int[]{4}, 0, row, 4, row), "adjacent halves");
        // a transpose in place of a 3x3 block touches the same span
        org.junit.jupiter.api.Assertions.assertTrue(Copy.overlaps(new int[]{3, 3}, 0, new int[]{3, 1}, 0, new int[]{1, 3}));
        // rows 0-1 into rows 2-3 of a [4, 5] matrix
        org.junit.jupiter.api.Assertions.assertFalse(Copy.overlaps(new int[]{2, 5}, 0, new int[]{5, 1}, 10, new int[]{5, 1}));
    }
}
