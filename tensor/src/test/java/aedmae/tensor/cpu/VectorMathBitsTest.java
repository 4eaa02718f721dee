package aedmae.tensor.cpu;

import aedmae.tensor.UnaryOp;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The array-level special-function kernels of {@link VectorMath} (exp, GELU and its derivative,
 * sigmoid, tanh, which pass no vector across a call) give the bits of the per-vector helpers they
 * replaced, do not depend on how a range is cut into chunks, and may run in place.
 */
class VectorMathBitsTest {
    private static final int N = 4096; // a multiple of every vector length: all elements in vectors

    /**
     * CRC32 of the output bits for {@link #inputs}, recorded from the per-vector helpers of
     * 2026-12-03 (before the restructuring); lane-independent, so the same for every vector width.
     */
    @Test
    void outputsKeepTheBitsOfThePerVectorHelpers() {
        float[] x = inputs(N, N);
        assertEquals("f93b3493", crc(unary(UnaryOp.EXP, x)), "exp");
        assertEquals("ca1efbed", crc(unary(UnaryOp.TANH, x)), "tanh");
        assertEquals("33a85300", crc(unary(UnaryOp.SIGMOID, x)), "sigmoid");
        assertEquals("145fee8a", crc(unary(UnaryOp.GELU, x)), "gelu");
        float[] dy = new float[N], dx = new float[N];
        SplittableRandom r = new SplittableRandom(N + 1);
        for (int i = 0; i < N; i++) dy[i] = (float) r.nextGaussian();
        Elementwise.unaryBackward(UnaryOp.GELU, 0, 0, x, 0, x, 0, dy, 0, dx, 0, N);
        assertEquals("b3c384ab", crc(dx), "gelu backward");
    }

    @Test
    void chunkingAndAliasingChangeNoBit() {
        int n = 3 * VectorMath.CHUNK + 5 * VectorMath.S.length() + 3, off = 7; // several chunks, a part chunk, a tail
        float[] x = new float[off + n];
        System.arraycopy(inputs(n, 11), 0, x, off, n);
        float[] whole = new float[off + n], pieces = new float[off + n], inPlace = x.clone();
        VectorMath.gelu(x, off, whole, off, n);
        int l = VectorMath.S.length();
        for (int s = 0; s < n; s += l) VectorMath.gelu(x, off + s, pieces, off + s, Math.min(l, n - s)); // one vector (or the tail) per call
        VectorMath.gelu(inPlace, off, inPlace, off, n);
        assertBitsEqual(whole, pieces, "gelu cut into one-vector calls");
        assertBitsEqual(whole, inPlace, "gelu in place");

        float[] dy = inputs(off + n, 12), dx = new float[off + n], dxPieces = new float[off + n], dyInPlace = dy.clone();
        VectorMath.geluBackward(x, off, dy, off, dx, off, n);
        for (int s = 0; s < n; s += l) VectorMath.geluBackward(x, off + s, dy, off + s, dxPieces, off + s, Math.min(l, n - s));
        VectorMath.geluBackward(x, off, dyInPlace, off, dyInPlace, off, n);
        assertBitsEqual(dx, dxPieces, "gelu backward cut into one-vector calls");
        for (int i = 0; i < off; i++) dyInPlace[i] = 0f; // outside the range, dy was left as it was
        assertBitsEqual(dx, dyInPlace, "gelu backward in place");

        float[] e = new float[off + n], eInPlace = x.clone();
        float sum = VectorMath.expShifted(x, off, e, off, n, 1.5f);
        float sumInPlace = VectorMath.expShifted(eInPlace, off, eInPlace, off, n, 1.5f);
        for (int i = 0; i < off; i++) eInPlace[i] = 0f;
        assertBitsEqual(e, eInPlace, "exp in place");
        assertEquals(Float.floatToRawIntBits(sum), Float.floatToRawIntBits(sumInPlace), "the sum of the exponentials");
        for (int i = 0; i < n; i++) {
            double want = Math.exp(x[off + i] - 1.5f); // the shift is subtracted in float
            if (x[off + i] > 91f) assertEquals(Float.POSITIVE_INFINITY, e[off + i], "exp above the float range at " + i);
            else if (x[off + i] < -104f) assertEquals(0f, e[off + i], "exp below the float range at " + i);
            else assertEquals(want, e[off + i], 3e-7 * want + Float.MIN_VALUE, "exp at " + i);
        }
    }

    /** Gaussian values of sd 4 with zeros of both signs and out-of-range values for exp. */
    private static float[] inputs(int n, long seed) {
        float[] x = new float[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian() * 4);
        x[0] = 0f;
        x[1] = -0f;
        x[2] = 200f;
        x[3] = -200f;
        return x;
    }

    private static float[] unary(UnaryOp op, float[] x) {
        float[] y = new float[x.length];
        Elementwise.unary(op, 0, 0, x, 0, y, 0, x.length);
        return y;
    }

    private static String crc(float[] a) {
        CRC32 c = new CRC32();
        for (float f : a) {
            int b = Float.floatToRawIntBits(f);
            c.update(b);
            c.update(b >>> 8);
            c.update(b >>> 16);
            c.update(b >>> 24);
        }
        return Long.toHexString(c.getValue());
    }

    private static void assertBitsEqual(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), what + " at " + i + ": " + want[i] + " vs " + got[i]);
        }
    }
}
