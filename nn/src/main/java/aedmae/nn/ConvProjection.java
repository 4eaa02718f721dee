package aedmae.nn;

import aedmae.tensor.Backend;
import aedmae.tensor.Rng;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;

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

    /**
     * Inference fast path: tokens x [B, 1+h*w, D] ([CLS] first, dense) -> [B, 1+h*w, D], the
     * [CLS] row copied and the grid tokens projected, read from and written into the token
     * tensors directly, with the BatchNorm (fixed statistics) fused into the depthwise pass.
     * Same values as cat([CLS], forward(grid)), which is its plain twin; eval mode, no autograd.
     */
    public Tensor forwardTokensFused(Tensor x, int h, int w) {
        int b = x.size(0), t = x.size(1), d = x.size(2);
        Shape.check(!isTraining() && !GradMode.isEnabled() && x.isContiguous() && t == 1 + h * w,
                "ConvProjection.forwardTokensFused", "needs eval mode, no autograd and dense tokens [B, 1+" + h + "*" + w + ", D]", x.shape());
        Backend be = x.backend();
        Tensor out = Tensor.wrap(be.allocateUninitialized(b * t * d), b, t, d);
        out.slice(1, 0, 1).copyFrom(x.slice(1, 0, 1));
        Tensor wt = conv.weight.get().contiguous();
        Tensor mean = bn.runningMean.get(), var = bn.runningVar.get(), bw = bn.weight.get(), bb = bn.bias.get();
        be.depthwiseConv3x3BatchNorm(x.storage(), x.offset() + d, t * d, wt.storage(), wt.offset(),
                mean.storage(), var.storage(), bw.storage(), bb.storage(), bn.eps(),
                b, h, w, d, out.storage(), d, t * d);
        return out;
    }
}
