package aedmae.tensor.cpu;

import aedmae.tensor.UnaryOp;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The CPU kernels give the same bits before and after the JIT compiles them. The Vector API's
 * EXP and TANH are SVML intrinsics once C2 compiles a loop and Java's scalar functions before, and
 * the two differ in the last bit: two trainings with one seed drifted apart from about step 3.
 * The special functions are therefore built from IEEE operations only (add, mul, fma, div).
 */
class JitDeterminismTest {
    private static final UnaryOp[] OPS = {UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.GELU};

    @Test
    void kernelsGiveTheSameBitsColdAndCompiled() {
        float[] x = new float[1000];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 24 - 12);
        float[][] cold = outputs(x);
        // warm the kernels up on short rows until C2 has compiled their loops
        float[] small = java.util.Arrays.copyOf(x, 64);
        for (int k = 0; k < 15_000; k++) outputs(small);
        float[][] warm = outputs(x);
        for (int o = 0; o < cold.length; o++) {
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(cold[o][i]), Float.floatToRawIntBits(warm[o][i]),
                        "output " + o + " at x=" + x[i] + ": " + cold[o][i] + " cold, " + warm[o][i] + " compiled");
            }
        }
    }

    @Test
    void theDeterministicExpAndTanhAreAccurateAndTheirScalarTwinsAgree() {
        int n = 20_000;
        float[] x = new float[n], ex = new float[n], th = new float[n];
        for (int i = 0; i < n; i++) x[i] = -87f + 175f * i / n;
        Elementwise.unary(UnaryOp.EXP, 0, 0, x, 0, ex, 0, n);
        for (int i = 0; i < n; i++) {
            double want = Math.exp(x[i]);
            assertEquals(want, ex[i], 3e-7 * want, "exp " + x[i]);
            assertEquals(Float.floatToRawIntBits(VectorMath.exp(x[i])), Float.floatToRawIntBits(ex[i]), "scalar twin of exp at " + x[i]);
        }
        for (int i = 0; i < n; i++) x[i] = -10f + 20f * i / n;
        Elementwise.unary(UnaryOp.TANH, 0, 0, x, 0, th, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Math.tanh(x[i]), th[i], 2.5e-7 * Math.max(1e-3, Math.abs(Math.tanh(x[i]))) + 1e-9, "tanh " + x[i]);
            assertEquals(Float.floatToRawIntBits(VectorMath.tanh(x[i])), Float.floatToRawIntBits(th[i]), "scalar twin of tanh at " + x[i]);
        }
        assertEquals(Float.POSITIVE_INFINITY, VectorMath.exp(100f));
        assertEquals(0f, VectorMath.exp(-200f));
        assertEquals(Float.NaN, VectorMath.exp(Float.NaN));
    }

    private static float[][] outputs(float[] x) {
        int n = x.length;
        float[][] out = new float[OPS.length + 2][];
        float[] pos = new float[n];
        for (int i = 0; i < n; i++) pos[i] = Math.abs(x[i]) + 1e-3f;
        for (int k = 0; k < OPS.length; k++) {
            out[k] = new float[n];
            Elementwise.unary(OPS[k], 0, 0, OPS[k] == UnaryOp.LOG ? pos : x, 0, out[k], 0, n);
        }
        out[OPS.length] = new float[n];
        Softmax.forward(x, 0, out[OPS.length], 0, n / 40, 40);
        out[OPS.length + 1] = new float[n];
        Elementwise.unaryBackward(UnaryOp.GELU, 0, 0, x, 0, out[OPS.length - 1], 0, x, 0, out[OPS.length + 1], 0, n);
        return out;
    }
}
