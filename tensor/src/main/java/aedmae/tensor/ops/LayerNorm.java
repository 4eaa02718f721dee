package aedmae.tensor.ops;

import aedmae.tensor.Shape;
import aedmae.tensor.Storage;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.Node;

/**
 * Fused LayerNorm over the last dim: y = (x - mean) / sqrt(var + eps) * w + b, with biased
 * variance (as torch.nn.LayerNorm). Saves x, mean and 1/std for one fused backward kernel.
 */
public final class LayerNorm extends Node {
    private Tensor x, w, mean, rstd;
    private final boolean hasW, hasB;

    private LayerNorm(Tensor xIn, Tensor x, Tensor w, Tensor b, Tensor mean, Tensor rstd) {
        super(xIn, w, b);
        this.x = x;
        this.w = w == null ? null : w.detach().contiguous();
        this.mean = mean;
        this.rstd = rstd;
        this.hasW = w != null;
        this.hasB = b != null;
    }

    /** x [..., C]; w, b [C] or null. */
    public static Tensor apply(Tensor x, Tensor w, Tensor b, float eps) {
        SameDevice.backend("layer_norm", x, w, b);
        int c = x.size(-1);
        Shape.check(w == null || (w.dim() == 1 && w.size(0) == c), "layer_norm", "weight must be [C] with C the last dim of the input", x.shape(), w == null ? new int[0] : w.shape());
        Shape.check(b == null || (b.dim() == 1 && b.size(0) == c), "layer_norm", "bias must be [C] with C the last dim of the input", x.shape(), b == null ? new int[0] : b.shape());
        Tensor xc = x.detach().contiguous();
        int rows = xc.numel() / Math.max(c, 1);
        Tensor y = OpOutputs.forOverwrite(x, x.shape());
        Tensor mean = OpOutputs.forOverwrite(x, rows), rstd = OpOutputs.forOverwrite(x, rows);
        x.backend().layerNorm(xc.storage(), xc.offset(), storage(w), storage(b), eps, rows, c,
                y.storage(), 0, mean.storage(), rstd.storage());
        if (Node.recording(x, w, b)) y.attach(new LayerNorm(x, xc, w, b, mean, rstd));
        return y;
    }

    private static Storage storage(Tensor t) {
        if (t == null) return null;
        Tensor c = t.detach().contiguous();
        if (c.offset() != 0) c = c.copy();
        return c.storage();
    }

    @Override
    public Tensor[] backward(Tensor g) {
        int c = x.size(-1), rows = x.numel() / Math.max(c, 1);
        Tensor gc = g.contiguous();
        Tensor dx = OpOutputs.forOverwrite(x, x.shape());
        Tensor dw = needs(1) ? OpOutputs.empty(x, c) : null, db = hasB && needs(2) ? OpOutputs.empty(x, c) : null;
        x.backend().layerNormBackward(x.storage(), x.offset(), hasW ? storage(w) : null, mean.storage(), rstd.storage(),
                gc.storage(), gc.offset(), rows, c, dx.storage(), 0,
                dw == null ? null : dw.storage(), db == null ? null : db.storage());
        return new Tensor[]{needs(0) ? dx : null, dw, db};
    }

    @Override
    public void release() {
        super.release();
        x = w = mean = rstd = null;
    }
}
