package aedmae.nn;

import aedmae.tensor.Tensor;

/** GELU, exact erf form (torch.nn.GELU's default). */
public final class Gelu extends Module implements Layer {
    @Override
    public Tensor forward(Tensor x) {
        return x.gelu();
    }
}
