package aedmae.tensor;

import java.util.function.Function;

/** Short names for the tests of this module; the checks themselves live in {@link GradCheck}. */
public final class Testing {
    private Testing() {}

    public static Tensor rand(Rng rng, int... shape) {
        return rng.uniform(-1f, 1f, shape);
    }

    public static Tensor param(Rng rng, int... shape) {
        return rand(rng, shape).requiresGrad(true);
    }

    public static void assertClose(float[] expected, float[] actual, double atol, double rtol, String what) {
        GradCheck.assertClose(expected, actual, atol, rtol, what);
    }

    public static void assertClose(Tensor expected, Tensor actual, double atol, double rtol, String what) {
        GradCheck.assertClose(expected, actual, atol, rtol, what);
    }

    public static void gradCheck(String what, Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
        GradCheck.check(what, f, eps, atol, rtol, inputs);
    }

    public static void gradCheck(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.check(what, f, inputs);
    }
}
