package aedmae.nn;

import aedmae.tensor.F;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;

/**
 * AED-MAE's pointwise-convolution MLP (the paper replaces the CvT block's dense layers with 1x1
 * convolutions): net = [Conv2d 1x1 D -> r*D, GELU, Dropout, Conv2d 1x1 r*D -> D] on the grid
 * tokens. The [CLS] token passes through unchanged (identity), so in the block its residual
 * adds LN2(x_cls) (docs/model-spec.md, step 4).
 *
 * <p>A 1x1 convolution applies one linear map to every pixel, so on tokens it is a Linear with
 * the conv weight [out, in, 1, 1] viewed as [out, in]. {@link #forward} therefore runs both
 * layers as row GEMMs over all 1+h*w tokens (no grid layout, no copy; the [CLS] row costs
 * 1/(1+h*w) extra) and then puts the [CLS] input back. {@link #forwardAsConvolution} is the
 * literal grid form, kept as the reference the tests compare against.
 */
public final class ConvMlp extends Module {
    public final Sequential net;
    private final Conv2d fc1, fc2;
    private final Dropout drop;

    public ConvMlp(int dim, int hidden, float dropout, Dropout.RngSource rng, Rng init) {
        this.fc1 = new Conv2d(dim, hidden, 1, 1, 0, 1, true, init);
        this.drop = new Dropout(dropout, rng);
        this.fc2 = new Conv2d(hidden, dim, 1, 1, 0, 1, true, init);
        this.net = child("net", new Sequential(fc1, new Gelu(), drop, fc2));
    }

    /** x [B, 1+h*w, D] -> [B, 1+h*w, D]. */
    public Tensor forward(Tensor x, int h, int w) {
        int t = x.size(1);
        // (F.linearGelu, GELU in the GEMM's epilogue, gives the same bits but was measured slower
        // on JDK 17: C2 boxes the vector GELU there in every run; bench/RESULTS.md, issue 16)
        Tensor y = F.linear(x, pointwise(fc1), fc1.bias.get()).gelu();
        y = F.linear(drop.forward(y), pointwise(fc2), fc2.bias.get());
        if (CvtAttention.FUSED_INFERENCE && !GradMode.isEnabled() && y.isContiguous()) {
            y.slice(1, 0, 1).copyFrom(x.slice(1, 0, 1)); // inference: [CLS] put back in place, the rest not copied
            return y;
        }
        return F.cat(1, x.slice(1, 0, 1), y.slice(1, 1, t));
    }

    /** The same MLP as literal 1x1 convolutions on the h x w grid (reference form). */
    public Tensor forwardAsConvolution(Tensor x, int h, int w) {
        int b = x.size(0), t = x.size(1), d = x.size(2);
        Tensor cls = x.slice(1, 0, 1);
        Tensor grid = x.slice(1, 1, t).transpose(1, 2).reshape(b, d, h, w); // 'b (h w) c -> b c h w'
        Tensor y = net.forward(grid).flatten(2).transpose(1, 2);            // 'b c h w -> b (h w) c'
        return F.cat(1, cls, y);
    }

    private static Tensor pointwise(Conv2d c) {
        Tensor w = c.weight.get();
        return w.reshape(w.size(0), w.size(1));
    }
}
