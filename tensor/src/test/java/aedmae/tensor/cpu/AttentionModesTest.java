package aedmae.tensor.cpu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fused attention's two softmax modes ({@link Attention#setMode}): "exact" (the default) keeps
 * the bits of the kernel before the scores kernel took the row maxima (main at 7dec0e6), with and
 * without a log-sum-exp; "folded" (inference only: 1 / sum applied to the output rows) agrees with
 * a plain double-precision twin, and steps aside whenever a log-sum-exp is wanted (training).
 */
class AttentionModesTest {
    /**
     * Shapes [batch, tokens, channels, heads]: token counts below, at and beyond a vector pair
     * (tails of the row-max), blocks of fewer than MR rows, head widths of 2L, L and scalar columns.
     */
    private static final int[][] SHAPES = {{2, 401, 256, 4}, {2, 37, 64, 2}, {1, 5, 32, 1}, {3, 33, 40, 2}, {2, 100, 96, 2}, {1, 17, 16, 1}, {2, 801, 128, 4}};

    @AfterEach
    void restoreTheDefault() {
        Attention.setMode("exact");
    }

    /** CRC32 of outputs and log-sum-exps over {@link #SHAPES}, recorded from main's kernel (7dec0e6). */
    @Test
    void exactModeKeepsTheBitsOfMainsKernel() {
        assertEquals("exact", Attention.mode(), "the default mode");
        assertEquals("f65710c0", crcOverShapes(), "exact mode, with and without a log-sum-exp");
    }

    @Test
    void foldedModeChangesOnlyInferenceAndStaysCloseToThePlainTwin() {
        Random r = new Random(3);
        for (int[] sh : SHAPES) {
            int b = sh[0], t = sh[1], d = sh[2], h = sh[3], dh = d / h;
            float[] q = randn(r, b * t * d), k = randn(r, b * t * d), v = randn(r, b * t * d);
            for (int i = 0; i < q.length; i += 7) q[i] *= 6; // some peaked rows
            float scale = 1f / (float) Math.sqrt(dh);
            double[] want = plainAttention(q, k, v, b, t, h, dh, scale);
            String shape = java.util.Arrays.toString(sh);

            Attention.setMode("exact");
            float[] exact = new float[b * t * d], exactLse = new float[b * h * t];
            Attention.forward(q, 0, k, 0, v, 0, b, t, h, dh, scale, exact, 0, null);
            float[] exactWithLse = new float[b * t * d];
            Attention.forward(q, 0, k, 0, v, 0, b, t, h, dh, scale, exactWithLse, 0, exactLse);

            Attention.setMode("folded");
            float[] folded = new float[b * t * d], foldedWithLse = new float[b * t * d], foldedLse = new float[b * h * t];
            Attention.forward(q, 0, k, 0, v, 0, b, t, h, dh, scale, folded, 0, null);
            Attention.forward(q, 0, k, 0, v, 0, b, t, h, dh, scale, foldedWithLse, 0, foldedLse);

            assertBitsEqual(exactWithLse, foldedWithLse, "with a log-sum-exp wanted the folded mode runs exact, " + shape);
            assertBitsEqual(exactLse, foldedLse, "log-sum-exp, " + shape);
            assertBitsEqual(exact, exactWithLse, "exact mode with and without a log-sum-exp, " + shape);
            assertClose(want, exact, "exact against the plain twin, " + shape);
            assertClose(want, folded, "folded against the plain twin, " + shape);
        }
        float[] exact = run("exact", 2, 401, 256, 4), folded = run("folded", 2, 401, 256, 4);
        assertNotEquals(crc(exact), crc(folded), "the folded mode rounds differently (else it would need no switch)");
    }

    @Test
    void anUnknownModeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Attention.setMode("fast"));
        assertEquals("aedmae.attention must be exact or folded, got fast", e.getMessage());
        assertEquals("exact", Attention.mode());
    }

    private static String crcOverShapes() {
        CRC32 c = new CRC32();
        Random r = new Random(7);
        for (int[] sh : SHAPES) {
            int b = sh[0], t = sh[1], d = sh[2], h = sh[3], dh = d / h;
            float[] q = randn(r, b * t * d), k = randn(r, b * t * d), v = randn(r, b * t * d), o = new float[b * t * d], lse = new float[b * h * t];
            for (int i = 0; i < q.length; i += 7) q[i] *= 6;
            float scale = 1f / (float) Math.sqrt(dh);
            for (boolean withLse : new boolean[]{true, false}) {
                Attention.forward(q, 0, k, 0, v, 0, b, t, h, dh, scale, o, 0, withLse ? lse : null);
                update(c, o);
                if (withLse) update(c, lse);
            }
        }
        return Long.toHexString(c.getValue());
    }

    private static float[] run(String mode, int b, int t, int d, int h) {
        Random r = new Random(5);
        float[] q = randn(r, b * t * d), k = randn(r, b * t * d), v = randn(r, b * t * d), o = new float[b * t * d];
        Attention.setMode(mode);
        Attention.forward(q, 0, k, 0, v, 0, b, t, h, d / h, 1f / (float) Math.sqrt(d / h), o, 0, null);
        return o;
    }

    /** The plain twin: softmax(scale Q K^T) V per (batch, head), token-major [B, T, H*dh], in double. */
    private static double[] plainAttention(float[] q, float[] k, float[] v, int b, int t, int h, int dh, float scale) {
        int d = h * dh;
        double[] out = new double[b * t * d], p = new double[t];
        for (int bi = 0; bi < b; bi++) {
            for (int hi = 0; hi < h; hi++) {
                int base = bi * t * d + hi * dh;
                for (int i = 0; i < t; i++) {
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    for (int j = 0; j < t; j++) {
                        double s = 0;
                        for (int c = 0; c < dh; c++) s += (double) q[base + i * d + c] * k[base + j * d + c];
                        p[j] = s * scale;
                        max = Math.max(max, p[j]);
                    }
                    for (int j = 0; j < t; j++) sum += p[j] = Math.exp(p[j] - max);
                    for (int c = 0; c < dh; c++) {
                        double acc = 0;
                        for (int j = 0; j < t; j++) acc += p[j] * v[base + j * d + c];
                        out[base + i * d + c] = acc / sum;
                    }
                }
            }
        }
        return out;
    }

    private static void assertClose(double[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 2e-5 * (1 + Math.abs(want[i])), what + " at " + i);
        }
    }

    private static void assertBitsEqual(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), what + " at " + i + ": " + want[i] + " vs " + got[i]);
        }
    }

    private static float[] randn(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    private static void update(CRC32 c, float[] a) {
        for (float f : a) {
            int x = Float.floatToRawIntBits(f);
            c.update(x);
            c.update(x >>> 8);
            c.update(x >>> 16);
            c.update(x >>> 24);
        }
    }

    private static String crc(float[] a) {
        CRC32 c = new CRC32();
        update(c, a);
        return Long.toHexString(c.getValue());
    }
}
