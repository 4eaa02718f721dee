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
}
