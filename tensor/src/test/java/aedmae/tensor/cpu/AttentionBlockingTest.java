package aedmae.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The blocked attention forward (query rows in blocks, V in slices of keys, row maxima taken while
 * the scores are stored) gives the bits of its unblocked twin (rowBlock = MR, one slice of all
 * keys) for every blocking, shape and thread count, and the bits of the kernel before blocking.
 */
class AttentionBlockingTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    /** {batch, tokens, heads, headDim}: tails of every kind (rows, keys, panels, vector columns). */
    private static final int[][] SHAPES = {{2, 1, 2, 8}, {2, 5, 2, 8}, {3, 37, 2, 16}, {2, 37, 4, 32}, {1, 70, 3, 48},
            {2, 133, 2, 64}, {1, 401, 4, 64}, {1, 801, 4, 32}, {2, 29, 1, 24}, {1, 66, 2, 72}, {1, 50, 5, 3}};

    /** out and lse of one forward call on seeded inputs at odd offsets, as one byte array. */
    private static byte[] run(int[] shape, SplittableRandom r, int rowBlock, int keyBlock) {
        int b = shape[0], t = shape[1], h = shape[2], dh = shape[3], d = h * dh;
        float[] q = new float[b * t * d + 3], k = new float[b * t * d + 5], v = new float[b * t * d + 7];
        for (float[] x : new float[][]{q, k, v}) for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 4 - 2);
        float[] out = new float[b * t * d + 1], lse = new float[b * h * t];
        float scale = (float) Math.pow(d, -0.5);
        if (rowBlock == 0) Attention.forward(q, 3, k, 5, v, 7, b, t, h, dh, scale, out, 1, lse);
        else Attention.forward(q, 3, k, 5, v, 7, b, t, h, dh, scale, out, 1, lse, rowBlock, keyBlock);
        ByteBuffer bytes = ByteBuffer.allocate(4 * (out.length + lse.length));
        for (float f : out) bytes.putFloat(f);
        for (float f : lse) bytes.putFloat(f);
        return bytes.array();
    }

    @Test
    void everyBlockingGivesTheBitsOfTheUnblockedTwin() {
        int[][] blockings = {{0, 0}, {Attention.MR, 1}, {8, 3}, {16, 64}, {32, 64}, {32, 5}, {64, 128}, {12, 1 << 20}};
        for (int threads : new int[]{1, 2, 3}) {
            Parallel.setThreads(threads);
            for (int[] shape : SHAPES) {
                byte[] twin = run(shape, new SplittableRandom(shape[1]), Attention.MR, Integer.MAX_VALUE);
                for (int[] bk : blockings) {
                    assertArrayEquals(twin, run(shape, new SplittableRandom(shape[1]), bk[0], bk[1]),
                            "shape " + java.util.Arrays.toString(shape) + ", rows " + bk[0] + " keys " + bk[1] + ", " + threads + " threads");
                }
            }
        }
    }

    /**
     * CRC32 of the outputs for {@link #SHAPES} recorded from the kernel before blocking (main at
     * 2acef1d, 2026-12-03). The softmax's sum goes by vector lanes, so the bits depend on the
     * vector width: the value is for 16 lanes (AVX-512).
     */
    @Test
    void theBitsOfTheKernelBeforeBlocking() {
        Assumptions.assumeTrue(FloatVector.SPECIES_PREFERRED.length() == 16, "pinned for 16-lane vectors; this machine has "
                + FloatVector.SPECIES_PREFERRED.length());
        Parallel.setThreads(2);
        SplittableRandom r = new SplittableRandom(42);
        CRC32 crc = new CRC32();
        for (int[] shape : SHAPES) crc.update(run(shape, r, 0, 0));
        assertEquals("64ba9e06", String.format("%08x", crc.getValue()));
    }

    @Test
    void aRowBlockMustBeAMultipleOfTheRowGroup() {
        float[] x = new float[64];
        assertThrows(IllegalArgumentException.class, () -> Attention.forward(x, 0, x, 0, x, 0, 1, 4, 2, 8, 1f, new float[64], 0, null, 6, 64));
        assertThrows(IllegalArgumentException.class, () -> Attention.forward(x, 0, x, 0, x, 0, 1, 4, 2, 8, 1f, new float[64], 0, null, 8, 0));
    }
}
