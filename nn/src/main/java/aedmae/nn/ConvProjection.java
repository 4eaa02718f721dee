package aedmae.nn;

import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;

/**
 * The CvT convolutional projection: depthwise 3x3 Conv2d (no bias) then BatchNorm2d, on a grid
 * of tokens. Children "conv" and "bn". Tokens [B, h*w, D] -> tokens [B, h*w, D].
 *
 * <p>The token-to-grid rearrangement ('b (h w) c -> b c h w') and back are views: the
 * depthwise kernel and the batch norm work channels-last, so nothing is copied.
 */
public final class ConvProjection extends Module {
    public final Conv2d conv;
    public final BatchNorm2d bn;

    public ConvProjection(int dim, Rng rng) {
        this.conv = child("conv", new Conv2d(dim, dim, 3, 1, 1, dim, false, rng));
        this.bn = child("bn", new BatchNorm2d(dim));
    }

    /** tokens [B, h*w, D] laid out on an h x w grid -> [B, h*w, D]. */
    public Tensor forward(Tensor tokens, int h, int w) {
        int b = tokens.size(0), d = tokens.size(2);
        Tensor grid = tokens.transpose(1, 2).reshape(b, d, h, w);   // 'b (h w) c -> b c h w'
        Tensor y = bn.forward(conv.forward(grid));
        return y.flatten(2).transpose(1, 2);                         // 'b c h w -> b (h w) c'
    }
}
