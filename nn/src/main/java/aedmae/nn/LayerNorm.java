package aedmae.nn;

import aedmae.tensor.F;
import aedmae.tensor.Tensor;

/** LayerNorm over the last dim: weight (ones) and bias (zeros) [C]. AED-MAE uses eps 1e-6 everywhere. */
public final class LayerNorm extends Module implements Layer {
    public final Parameter weight, bias;
    private final float eps;

    public LayerNorm(int channels, float eps) {
        this.weight = parameter("weight", Tensor.ones(channels));
        this.bias = parameter("bias", Tensor.zeros(channels));
        this.eps = eps;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.layerNorm(x, weight.get(), bias.get(), eps);
    }
}
