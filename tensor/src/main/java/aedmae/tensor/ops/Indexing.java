package aedmae.tensor.ops;

import aedmae.tensor.IntTensor;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.Node;

/**
 * Index operations: gather and scatter along a dim (torch.gather / torch.scatter) and
 * index_select. Their gradients are each other: the adjoint of a gather is a scatter-add.
 */
public final class Indexing {
    private Indexing() {}

    /** out[i] = x[i with coordinate dim replaced by index[i]]; out has index's shape. */
    public static Tensor gather(Tensor x, int dim, IntTensor index) {
        int d = Shape.dim("gather", dim, x.dim());
        int[] xs = x.shape(), is = index.shape();
        Shape.check(is.length == xs.length, "gather", "index must have the input's rank", xs, is);
        for (int k = 0; k < xs.length; k++) {
            Shape.check(k == d || is[k] <= xs[k], "gather", "index is larger than the input outside dimension " + d, xs, is);
        }
        checkRange("gather", index.data(), xs[d]);
        Tensor out = OpOutputs.forOverwrite(x, is);
        x.backend().gather(is, x.storage(), x.offset(), x.strides(), d, index.data(), out.storage(), 0);
        if (Node.recording(x)) out.attach(new Gather(x, d, index));
        return out;
    }

    static final class Gather extends Node {
        private final int dim;
        private final IntTensor index;
        private final int[] inShape;

        Gather(Tensor x, int dim, IntTensor index) {
            super(x);
            this.dim = dim;
            this.index = index;
            this.inShape = x.shape();
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor gc = g.contiguous();
            Tensor dx = OpOutputs.empty(g, inShape);
            g.backend().scatter(index.shape(), gc.storage(), gc.offset(), dim, index.data(), dx.storage(), 0, dx.strides(), true);
            return new Tensor[]{dx};
        }
    }

    /** A copy of x with out[i with coordinate dim replaced by index[i]] = src[i]. */
    public static Tensor scatter(Tensor x, int dim, IntTensor index, Tensor src) {
        int d = Shape.dim("scatter", dim, x.dim());
        Shape.check(java.util.Arrays.equals(index.shape(), src.shape()), "scatter", "index and src must have the same shape", index.shape(), src.shape());
        Shape.check(index.dim() == x.dim(), "scatter", "index must have the input's rank", x.shape(), index.shape());
        checkRange("scatter", index.data(), x.shape()[d]);
        SameDevice.backend("scatter", x, src);
        Tensor out = Views.copy(x.detach());
        Tensor sc = src.detach().contiguous();
        x.backend().scatter(index.shape(), sc.storage(), sc.offset(), d, index.data(), out.storage(), 0, out.strides(), false);
        if (Node.recording(x, src)) out.attach(new Scatter(x, src, d, index));
        return out;
    }

    static final class Scatter extends Node {
        private final int dim;
        private final IntTensor index;

        Scatter(Tensor x, Tensor src, int dim, IntTensor index) {
            super(x, src);
            this.dim = dim;
            this.index = index;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor dx = null, dsrc = null;
            if (needs(0)) {
                // overwritten positions get no gradient
                dx = g.copy();
                Tensor zeros = OpOutputs.empty(g, index.shape());
                g.backend().scatter(index.shape(), zeros.storage(), 0, dim, index.data(), dx.storage(), 0, dx.strides(), false);
            }
            if (needs(1)) dsrc = gather(g, dim, index);
            return new Tensor[]{dx, dsrc};
        }
    }

    /** Entries index[0..m) of x along dim (torch.index_select). */
    public static Tensor indexSelect(Tensor x, int dim, IntTensor index) {
        int d = Shape.dim("index_select", dim, x.dim());
        Shape.check(index.dim() == 1, "index_select", "index must be 1-D", index.shape());
        int[] xs = x.shape();
        checkRange("index_select", index.data(), xs[d]);
        Tensor xc = x.detach().contiguous();
        int outer = Shape.prod(xs, 0, d), inner = Shape.prod(xs, d + 1, xs.length);
        int[] os = xs.clone();
        os[d] = index.numel();
        Tensor out = OpOutputs.forOverwrite(x, os);
        x.backend().indexSelect(xc.storage(), xc.offset(), outer, xs[d], inner, index.data(), out.storage(), 0);
        if (Node.recording(x)) out.attach(new IndexSelect(x, d, index));
        return out;
    }

    static final class IndexSelect extends Node {
        private final int dim;
        private final IntTensor index;
        private final int[] inShape;

        IndexSelect(Tensor x, int dim, IntTensor index) {
            super(x);
            this.dim = dim;
            this.index = index;
            this.inShape = x.shape();
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor gc = g.contiguous();
            Tensor dx = OpOutputs.empty(g, inShape);
            int outer = Shape.prod(inShape, 0, dim), inner = Shape.prod(inShape, dim + 1, inShape.length);
            g.backend().indexAdd(gc.storage(), gc.offset(), outer, inShape[dim], inner, index.data(), dx.storage(), 0);
            return new Tensor[]{dx};
        }
    }

    static void checkRange(String op, int[] index, int bound) {
        for (int v : index) {
            if (v < 0 || v >= bound) {
                throw new IndexOutOfBoundsException(op + ": index " + v + " out of range for a dimension of size " + bound);
            }
        }
    }
}
