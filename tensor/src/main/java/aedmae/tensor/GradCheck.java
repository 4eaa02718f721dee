package aedmae.tensor;

import aedmae.tensor.autograd.GradMode;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Checks analytic gradients against central finite differences, and values against references.
 * Used by the tests of every module, and handy for anyone writing a new operation.
 *
 * <p>The scalar checked is sum(f(x) * R) for a fixed random R, accumulated in double; up to 60
 * elements of each input are probed. A wrong gradient (a missing factor, a wrong transpose, a
 * dropped broadcast sum) fails the tolerance |analytic - numeric| <= atol + rtol*|numeric|.
 * Inputs must be CPU leaves that require a gradient.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Throws AssertionError naming the first wrong entries. */
    public static void check(String what, Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
        Rng rng = new Rng(what.hashCode());
        for (Tensor t : inputs) t.zeroGrad();
        Tensor out = f.apply(inputs);
        float[] r = rng.uniformArray(out.numel(), -1f, 1f);
        out.mul(Tensor.of(r, out.shape())).sum().backward();
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            if (!x.requiresGrad()) continue;
            if (x.grad() == null) throw new AssertionError(what + ": input " + i + " received no gradient");
            float[] analytic = x.grad().toArray();
            int[] shape = x.shape(), strides = x.strides();
            int[] probe = probes(x.numel(), 60, rng);
            StringBuilder bad = new StringBuilder();
            int fails = 0;
            for (int j : probe) {
                int off = x.offset(), rem = j;
                for (int d = shape.length - 1; d >= 0; d--) {
                    off += (rem % shape[d]) * strides[d];
                    rem /= shape[d];
                }
                Backend be = x.backend();
                float[] saved = new float[1];
                be.download(x.storage(), off, saved, 0, 1); // explicit copies: x may live on a device
                be.fill(x.storage(), off, 1, (float) (saved[0] + eps));
                double lp = dot(f, inputs, r);
                be.fill(x.storage(), off, 1, (float) (saved[0] - eps));
                double lm = dot(f, inputs, r);
                be.fill(x.storage(), off, 1, saved[0]);
                double numeric = (lp - lm) / (2 * eps), a = analytic[j];
                if (Double.isNaN(a) || Math.abs(a - numeric) > atol + rtol * Math.abs(numeric)) {
                    if (fails++ < 5) bad.append(String.format(" x%d[%d]: analytic %.6g numeric %.6g;", i, j, a, numeric));
                }
            }
            if (fails > 0) throw new AssertionError(what + ": " + fails + " of " + probe.length + " gradient entries of input " + i + " wrong:" + bad);
        }
    }

    /** Defaults for smooth float32 functions: eps 1e-2, atol 2e-3, rtol 2e-2. */
    public static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(what, f, 1e-2, 2e-3, 2e-2, inputs);
    }

    /** |actual - expected| <= atol + rtol*|expected| elementwise; throws AssertionError listing the first mismatches. */
    public static void assertClose(float[] expected, float[] actual, double atol, double rtol, String what) {
        if (expected.length != actual.length) throw new AssertionError(what + ": length " + actual.length + " != " + expected.length);
        StringBuilder bad = new StringBuilder();
        int count = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i], err = Math.abs(a - e);
            if (Double.isNaN(a) || err > atol + rtol * Math.abs(e)) {
                if (count++ < 5) bad.append(String.format(" [%d] expected %.6g got %.6g;", i, e, a));
                if (!Double.isNaN(err)) worst = Math.max(worst, err);
            }
        }
        if (count > 0) throw new AssertionError(what + ": " + count + " of " + expected.length + " values differ (worst |diff| " + String.format("%.3g", worst) + "):" + bad);
    }

    public static void assertClose(Tensor expected, Tensor actual, double atol, double rtol, String what) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError(what + ": shape " + Shape.str(actual.shape()) + " != " + Shape.str(expected.shape()));
        }
        assertClose(expected.toArray(), actual.toArray(), atol, rtol, what);
    }

    private static double dot(Function<Tensor[], Tensor> f, Tensor[] inputs, float[] r) {
        try (var s = GradMode.disable()) {
            float[] o = f.apply(inputs).toArray();
            double acc = 0;
            for (int i = 0; i < o.length; i++) acc += (double) o[i] * r[i];
            return acc;
        }
    }

    private static int[] probes(int n, int max, Rng rng) {
        int[] p = new int[Math.min(n, max)];
        for (int i = 0; i < p.length; i++) p[i] = n <= max ? i : rng.nextInt(n);
        return p;
    }
}
