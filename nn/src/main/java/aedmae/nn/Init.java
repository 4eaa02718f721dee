package aedmae.nn;

import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;

/** Weight initialisations, as PyTorch defines them. */
public final class Init {
    private Init() {}

    /**
     * PyTorch's default for Linear and Conv2d weights: kaiming_uniform_(a=sqrt(5)), which is
     * U(-1/sqrt(fanIn), 1/sqrt(fanIn)); biases use the same bound.
     */
    public static Tensor defaultUniform(Rng rng, int fanIn, int... shape) {
        float bound = (float) (1.0 / Math.sqrt(Math.max(fanIn, 1)));
        return rng.uniform(-bound, bound, shape);
    }

    /**
     * timm/MAE's trunc_normal_(std) with PyTorch's default bounds a = -2, b = 2 in absolute
     * units (so with std 0.02 it is practically a plain normal).
     */
    public static Tensor truncNormal(Rng rng, float std, int... shape) {
        return rng.truncatedNormal(0f, std, -2f, 2f, shape);
    }

    /**
     * Moves every float parameter and buffer of m off its initial value by uniform noise of the
     * given amplitude (BatchNorm running variances drawn from [0.5, 1.5) instead), so a parity
     * check exercises biases, norms and running statistics too. Integer buffers are left alone.
     */
    public static void perturb(Module m, Rng rng, float amplitude) {
        try (var s = aedmae.tensor.autograd.GradMode.disable()) {
            for (var e : m.namedState().entrySet()) {
                if (e.getValue().storedAs() == Parameter.StoredAs.I64) continue;
                Tensor t = e.getValue().get();
                float[] v = t.toArray();
                boolean var = e.getKey().endsWith("running_var");
                for (int i = 0; i < v.length; i++) v[i] = var ? 0.5f + rng.nextFloat() : v[i] + amplitude * (2 * rng.nextFloat() - 1);
                t.copyFrom(Tensor.of(v, t.shape()));
            }
        }
    }
}
