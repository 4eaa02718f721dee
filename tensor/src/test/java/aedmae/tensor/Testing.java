package aedmae.tensor;

import aedmae.tensor.cpu.CpuStorage;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers: random tensors, closeness checks and a finite-difference gradient checker. */
public final class Testing {
    private Testing() {}

    public static Tensor rand(Rng rng, int... shape) {
        return rng.uniform(-1f, 1f, shape);
    }

    public static Tensor param(Rng rng, int... shape) {
        return rand(rng, shape).requiresGrad(true);
    }

    /** |a - b| <= atol + rtol * |b| elementwise; reports the first mismatches. */
    public static void assertClose(float[] expected, float[] actual, double atol, double rtol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        StringBuilder bad = new StringBuilder();
        int count = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (Double.isNaN(a) || Math.abs(a - e) > atol + rtol * Math.abs(e)) {
                if (count++ < 5) bad.append(String.format(" [%d] expected %.6g got %.6g;", i, e, a));
            }
        }
        if (count > 0) fail(what + ": " + count + " of " + expected.length + " values differ:" + bad);
    }

    public static void assertClose(Tensor expected, Tensor actual, double atol, double rtol, String what) {
        assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()),
                what + ": shape " + Shape.str(actual.shape()) + " != " + Shape.str(expected.shape()));
        assertClose(expected.toArray(), actual.toArray(), atol, rtol, what);
    }

    /**
     * Checks the gradients of f at the given leaves against central finite differences of the
     * scalar sum(f(x) * R) for a random R (computed in double). Up to maxPerInput elements of
     * each input are probed. A wrong gradient (a missing factor, a wrong transpose, a dropped
     * broadcast sum) fails the tolerance.
     */
    public static void gradCheck(String what, Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
        Rng rng = new Rng(what.hashCode());
        for (Tensor t : inputs) t.zeroGrad();
        Tensor out = f.apply(inputs);
        float[] r = rng.uniformArray(out.numel(), -1f, 1f);
        Tensor rt = Tensor.of(r, out.shape());
        out.mul(rt).sum().backward();
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            if (!x.requiresGrad()) continue;
            assertTrue(x.grad() != null, what + ": input " + i + " received no gradient");
            float[] analytic = x.grad().toArray();
            float[] data = ((CpuStorage) x.storage()).data;
            int n = x.numel();
            int[] probe = probes(n, 60, rng);
            int[] shape = x.shape(), strides = x.strides();
            StringBuilder bad = new StringBuilder();
            int fails = 0;
            for (int j : probe) {
                int off = x.offset();
                int rem = j;
                for (int d = shape.length - 1; d >= 0; d--) {
                    off += (rem % shape[d]) * strides[d];
                    rem /= shape[d];
                }
                float saved = data[off];
                data[off] = (float) (saved + eps);
                double lp = dot(f, inputs, r);
                data[off] = (float) (saved - eps);
                double lm = dot(f, inputs, r);
                data[off] = saved;
                double numeric = (lp - lm) / (2 * eps);
                double a = analytic[j];
                if (Double.isNaN(a) || Math.abs(a - numeric) > atol + rtol * Math.abs(numeric)) {
                    if (fails++ < 5) bad.append(String.format(" x%d[%d]: analytic %.6g numeric %.6g;", i, j, a, numeric));
                }
            }
            if (fails > 0) fail(what + ": " + fails + " of " + probe.length + " gradient entries of input " + i + " wrong:" + bad);
        }
    }

    public static void gradCheck(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        gradCheck(what, f, 1e-2, 2e-3, 2e-2, inputs);
    }

    private static double dot(Function<Tensor[], Tensor> f, Tensor[] inputs, float[] r) {
        try (var s = aedmae.tensor.autograd.GradMode.disable()) {
            float[] o = f.apply(inputs).toArray();
            double acc = 0;
            for (int i = 0; i < o.length; i++) acc += (double) o[i] * r[i];
            return acc;
        }
    }

    private static int[] probes(int n, int max, Rng rng) {
        if (n <= max) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) p[i] = i;
            return p;
        }
        int[] p = new int[max];
        for (int i = 0; i < max; i++) p[i] = rng.nextInt(n);
        return p;
    }
}
