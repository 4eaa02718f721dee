package aedmae.tensor.ops;

import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.Node;

/**
 * Inverted dropout: in training, each element is zeroed with probability p and the survivors
 * scaled by 1/(1-p); in eval, the identity. The mask is drawn from a seeded {@link Rng} in
 * storage order, so a dense layout is kept and a seed reproduces it on every backend.
 */
public final class Dropout {
    private Dropout() {}

    public static Tensor apply(Tensor x, float p, boolean training, Rng rng) {
        if (p < 0f || p >= 1f) throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        if (!training || p == 0f) return x;
        int n = x.numel();
        float keep = 1f / (1f - p);
        float[] m = new float[n];
        for (int i = 0; i < n; i++) m[i] = rng.nextFloat() >= p ? keep : 0f;
        Tensor xd = x.isDense() ? x : x.contiguous();
        Tensor mask = Tensor.wrap(x.backend().upload(m, 0, n), xd.shape(), denseStrides(xd), 0);
        return xd.mul(mask);
    }

    private static int[] denseStrides(Tensor t) {
        return t.isContiguous() ? aedmae.tensor.Shape.contiguousStrides(t.shape()) : t.strides();
    }
}
