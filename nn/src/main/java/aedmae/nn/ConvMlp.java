package aedmae.nn;

import aedmae.tensor.F;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;

/**
 * AED-MAE's pointwise-convolution MLP (the paper replaces the CvT block's dense layers with 1x1
 * convolutions): net = [Conv2d 1x1 D -> r*D, GELU, Dropout, Conv2d 1x1 r*D -> D] on the grid
 * tokens. The [CLS] token passes through unchanged (identity), so in the block its residual
 * adds LN2(x_cls) (model-spec, step 4).
 */
public final class ConvMlp extends Module {
    public final Sequential net;

    public ConvMlp(int dim, int hidden, float dropout, Dropout.RngSource rng, Rng init) {
        this.net = child("net", new Sequential(
                new Conv2d(dim, hidden, 1, 1, 0, 1, true, init),
                new Gelu(),
                new Dropout(dropout, rng),
                new Conv2d(hidden, dim, 1, 1, 0, 1, true, init)));
    }

    /** x [B, 1+h*w, D] -> [B, 1+h*w, D]. */
    public Tensor forward(Tensor x, int h, int w) {
        int b = x.size(0), t = x.size(1), d = x.size(2);
        Tensor cls = x.slice(1, 0, 1);
        Tensor grid = x.slice(1, 1, t).transpose(1, 2).reshape(b, d, h, w); // channels-last view
        Tensor y = net.forward(grid).flatten(2).transpose(1, 2);            // back to [B, h*w, D]
        return F.cat(1, cls, y);
    }
}
