package aedmae.nn;

import aedmae.tensor.F;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;

/** y = x W^T + b. Parameters: weight [out, in], bias [out] (optional). Input [..., in] -> [..., out]. */
public final class Linear extends Module implements Layer {
    public final Parameter weight;
    public final Parameter bias;

    public Linear(int in, int out, boolean bias, Rng rng) {
        this.weight = parameter("weight", Init.defaultUniform(rng, in, out, in));
        this.bias = bias ? parameter("bias", Init.defaultUniform(rng, in, out)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.linear(x, weight.get(), bias == null ? null : bias.get());
    }
}
