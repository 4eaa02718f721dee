package aedmae.tensor.ops;

import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import aedmae.tensor.autograd.Node;

/** Numerically stable softmax along a dim; backward dx = y * (dy - sum(dy * y)). */
public final class Softmax extends Node {
    private Tensor y;
    private final int dim;

    private Softmax(Tensor x, Tensor y, int dim) {
        super(x);
        this.y = y;
        this.dim = dim;
    }

    public static Tensor apply(Tensor x, int dim) {
        int d = Shape.dim("softmax", dim, x.dim());
        int last = x.dim() - 1;
        Tensor y;
        try (var s = GradMode.disable()) {
            Tensor xt = (d == last ? x : x.transpose(d, last)).contiguous();
            int cols = xt.size(-1), rows = xt.numel() / Math.max(cols, 1);
            Tensor yt = OpOutputs.forOverwrite(xt, xt.shape());
            x.backend().softmax(xt.storage(), xt.offset(), yt.storage(), 0, rows, cols);
            y = d == last ? yt : yt.transpose(d, last);
        }
        Tensor out = Tensor.wrap(y.storage(), y.shape(), y.strides(), y.offset());
        if (Node.recording(x)) out.attach(new Softmax(x, y, d));
        return out;
    }

    @Override
    public Tensor[] backward(Tensor g) {
        int last = y.dim() - 1;
        Tensor yt = (dim == last ? y : y.transpose(dim, last)).contiguous();
        Tensor gt = (dim == last ? g : g.transpose(dim, last)).contiguous();
        int cols = yt.size(-1), rows = yt.numel() / Math.max(cols, 1);
        Tensor dx = OpOutputs.forOverwrite(yt, yt.shape());
        y.backend().softmaxBackward(yt.storage(), yt.offset(), gt.storage(), gt.offset(), dx.storage(), 0, rows, cols);
        return new Tensor[]{dim == last ? dx : dx.transpose(dim, last)};
    }

    @Override
    public void release() {
        super.release();
        y = null;
    }
}
