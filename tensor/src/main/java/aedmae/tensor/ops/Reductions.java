package aedmae.tensor.ops;

import aedmae.tensor.Backend;
import aedmae.tensor.IntTensor;
import aedmae.tensor.ReduceOp;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import aedmae.tensor.autograd.Node;

/**
 * Reductions: sum, mean, amax over any set of dims; max along one dim with indices; variance.
 * A run of adjacent dims is reduced by one kernel call over an [outer, n, inner] block.
 */
public final class Reductions {
    private Reductions() {}

    /** Values and first-maximum indices of max along a dim. */
    public record MaxResult(Tensor values, IntTensor indices) {}

    /** Reduction without recording: reduces dims (sorted, distinct) of x, keeping them as size 1. */
    static Tensor reduceKeep(ReduceOp op, Tensor x, int[] dims) {
        Backend be = x.backend();
        Tensor cur = x.contiguous();
        int[] shape = cur.shape();
        // reduce runs of adjacent dims from the last run to the first
        int i = dims.length - 1;
        while (i >= 0) {
            int hi = dims[i], lo = hi;
            while (i > 0 && dims[i - 1] == lo - 1) lo = dims[--i];
            i--;
            int outer = Shape.prod(shape, 0, lo), n = Shape.prod(shape, lo, hi + 1), inner = Shape.prod(shape, hi + 1, shape.length);
            int[] ns = shape.clone();
            for (int d = lo; d <= hi; d++) ns[d] = 1;
            Tensor out = OpOutputs.empty(cur, ns);
            if (n == 0) {
                if (op != ReduceOp.SUM) throw new IllegalArgumentException(op.name().toLowerCase() + ": reduction over an empty dimension");
            } else {
                be.reduce(op, cur.storage(), cur.offset(), outer, n, inner, out.storage(), 0);
            }
            cur = out;
            shape = ns;
        }
        return cur;
    }

    private static int[] outShape(int[] shape, int[] dims, boolean keepDim) {
        if (keepDim) {
            int[] s = shape.clone();
            for (int d : dims) s[d] = 1;
            return s;
        }
        int[] s = new int[shape.length - dims.length];
        int j = 0;
        outer:
        for (int i = 0; i < shape.length; i++) {
            for (int d : dims) if (d == i) continue outer;
            s[j++] = shape[i];
        }
        return s;
    }

    // ---------------------------------------------------------------- sum

    public static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        int[] ds = Dims.normalise("sum", dims, x.dim());
        Tensor r;
        try (var s = GradMode.disable()) {
            r = ds.length == 0 ? x.copy() : reduceKeep(ReduceOp.SUM, x, ds);
        }
        int[] os = outShape(x.shape(), ds, keepDim);
        Tensor out = Tensor.wrap(r.storage(), os, Shape.contiguousStrides(os), r.offset());
        if (Node.recording(x)) out.attach(new Sum(x, ds, 1f));
        return out;
    }

    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        int[] ds = Dims.normalise("mean", dims, x.dim());
        int count = 1;
        for (int d : ds) count *= x.shape()[d];
        Tensor out;
        try (var s = GradMode.disable()) {
            out = sum(x, ds, keepDim).mul(1f / count);
        }
        if (Node.recording(x)) out.attach(new Sum(x, ds, 1f / count));
        return out;
    }

    /** sum and mean: the gradient of each output spreads (scaled) over the elements it summed. */
    static final class Sum extends Node {
        private final int[] inShape, dims;
        private final float scale;

        Sum(Tensor x, int[] dims, float scale) {
            super(x);
            this.inShape = x.shape();
            this.dims = dims;
            this.scale = scale;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor gk = g.reshape(outShape(inShape, dims, true));
            if (scale != 1f) gk = gk.mul(scale);
            return new Tensor[]{gk.expand(inShape)};
        }
    }

    // ---------------------------------------------------------------- amax

    public static Tensor amax(Tensor x, int[] dims, boolean keepDim) {
        int[] ds = Dims.normalise("amax", dims, x.dim());
        Tensor r;
        try (var s = GradMode.disable()) {
            r = ds.length == 0 ? x.copy() : reduceKeep(ReduceOp.MAX, x, ds);
        }
        int[] os = outShape(x.shape(), ds, keepDim);
        Tensor out = Tensor.wrap(r.storage(), os, Shape.contiguousStrides(os), r.offset());
        if (Node.recording(x)) out.attach(new Amax(x, ds, r));
        return out;
    }

    /** amax: the gradient is shared equally among the elements equal to the maximum. */
    static final class Amax extends Node {
        private Tensor x, maxKeep;
        private final int[] dims;

        Amax(Tensor x, int[] dims, Tensor maxKeep) {
            super(x);
            this.x = x.detach();
            this.dims = dims;
            this.maxKeep = maxKeep;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor mask = x.eq(maxKeep.expand(x.shape()));
            Tensor count = sum(mask, dims, true);
            Tensor gk = g.reshape(maxKeep.shape()).div(count);
            return new Tensor[]{mask.mul(gk)};
        }

        @Override
        public void release() {
            super.release();
            x = maxKeep = null;
        }
    }

    // ---------------------------------------------------------------- max with indices

    /**
     * Maximum along one dim with the index of the first maximum. The values are gathered at the
     * indices (so ties and NaN follow the index choice), and gather's backward, a scatter into
     * zeros, is exactly max's: the gradient goes to the chosen element.
     */
    public static MaxResult max(Tensor x, int dim, boolean keepDim) {
        int d = Shape.dim("max", dim, x.dim());
        int[] shape = x.shape();
        Shape.check(shape[d] > 0, "max", "reduction over an empty dimension", shape);
        Tensor xc = x.detach().contiguous();
        int outer = Shape.prod(shape, 0, d), inner = Shape.prod(shape, d + 1, shape.length);
        int[] idx = xc.backend().argmax(xc.storage(), xc.offset(), outer, shape[d], inner);
        int[] keepShape = outShape(shape, new int[]{d}, true);
        int[] os = outShape(shape, new int[]{d}, keepDim);
        Tensor values = Indexing.gather(x, d, IntTensor.of(idx, keepShape)).reshape(os);
        return new MaxResult(values, IntTensor.of(idx, os));
    }

    // ---------------------------------------------------------------- variance

    /** Variance over dims, unbiased (n-1) or biased (n); built from differentiable primitives. */
    public static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepDim) {
        int[] ds = Dims.normalise("var", dims, x.dim());
        int n = 1;
        for (int d : ds) n *= x.shape()[d];
        Tensor centred = x.sub(mean(x, ds, true));
        Tensor ss = sum(centred.square(), ds, keepDim);
        return ss.div(unbiased ? Math.max(n - 1, 1) : n);
    }
}
