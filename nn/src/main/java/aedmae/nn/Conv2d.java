package aedmae.nn;

import aedmae.tensor.F;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;

/**
 * 2-D convolution [B, Cin, H, W] -> [B, Cout, H', W'], square kernel, stride, zero padding and
 * groups (groups = Cin = Cout is depthwise). Weight [Cout, Cin/groups, k, k], PyTorch's default
 * initialisation. The tensor op picks a fast path for depthwise 3x3, 1x1 and stride = kernel.
 */
public final class Conv2d extends Module implements Layer {
    public final Parameter weight;
    public final Parameter bias;
    private final int stride, padding, groups;

    public Conv2d(int in, int out, int kernel, int stride, int padding, int groups, boolean bias, Rng rng) {
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("Conv2d: channels " + in + " -> " + out + " do not divide into " + groups + " groups");
        }
        int fanIn = in / groups * kernel * kernel;
        this.weight = parameter("weight", Init.defaultUniform(rng, fanIn, out, in / groups, kernel, kernel));
        this.bias = bias ? parameter("bias", Init.defaultUniform(rng, fanIn, out)) : null;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.conv2d(x, weight.get(), bias == null ? null : bias.get(), stride, padding, groups);
    }
}
