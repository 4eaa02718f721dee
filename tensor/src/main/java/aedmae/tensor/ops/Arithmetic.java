package aedmae.tensor.ops;

import aedmae.tensor.Backend;
import aedmae.tensor.BinaryOp;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.Node;

import java.util.Arrays;

/**
 * Broadcasting elementwise arithmetic: add, sub, mul, div, maximum, minimum (differentiable)
 * and comparisons (not). The gradient of a broadcast operand is summed back to its shape.
 */
public final class Arithmetic {
    private Arithmetic() {}

    /** out = a op b with broadcasting; keeps a shared dense layout, else contiguous. */
    static Tensor compute(BinaryOp op, Tensor a, Tensor b) {
        Backend be = SameDevice.backend(op.name().toLowerCase(), a, b);
        int[] as = a.shape(), bs = b.shape();
        if (Arrays.equals(as, bs) && Arrays.equals(a.strides(), b.strides()) && a.isDense() && !a.isContiguous()) {
            // same permuted dense layout (e.g. both channels-last): run flat, keep the layout
            Tensor out = OpOutputs.emptyLayoutOf(a);
            int n = a.numel();
            be.binary(op, new int[]{n}, a.storage(), a.offset(), new int[]{1}, b.storage(), b.offset(), new int[]{1}, out.storage(), 0);
            return out;
        }
        int[] shape = Shape.broadcast(op.name().toLowerCase(), as, bs);
        Tensor out = OpOutputs.forOverwrite(a, shape);
        be.binary(op, shape, a.storage(), a.offset(), Shape.broadcastStrides(as, a.strides(), shape),
                b.storage(), b.offset(), Shape.broadcastStrides(bs, b.strides(), shape), out.storage(), 0);
        return out;
    }

    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = compute(BinaryOp.ADD, a, b);
        if (Node.recording(a, b)) out.attach(new Add(a, b));
        return out;
    }

    static final class Add extends Node {
        private final int[] as, bs;

        Add(Tensor a, Tensor b) {
            super(a, b);
            as = a.shape();
            bs = b.shape();
        }

        @Override
        public Tensor[] backward(Tensor g) {
            return new Tensor[]{needs(0) ? Broadcasting.sumToShape(g, as) : null, needs(1) ? Broadcasting.sumToShape(g, bs) : null};
        }
    }

    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = compute(BinaryOp.SUB, a, b);
        if (Node.recording(a, b)) out.attach(new Sub(a, b));
        return out;
    }

    static final class Sub extends Node {
        private final int[] as, bs;

        Sub(Tensor a, Tensor b) {
            super(a, b);
            as = a.shape();
            bs = b.shape();
        }

        @Override
        public Tensor[] backward(Tensor g) {
            return new Tensor[]{needs(0) ? Broadcasting.sumToShape(g, as) : null, needs(1) ? Broadcasting.sumToShape(g.neg(), bs) : null};
        }
    }

    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = compute(BinaryOp.MUL, a, b);
        if (Node.recording(a, b)) out.attach(new Mul(a, b));
        return out;
    }

    static final class Mul extends Node {
        private Tensor a, b;

        Mul(Tensor a, Tensor b) {
            super(a, b);
            this.a = a.detach();
            this.b = b.detach();
        }

        @Override
        public Tensor[] backward(Tensor g) {
            // d(ab)/da = b, d(ab)/db = a
            return new Tensor[]{
                    needs(0) ? Broadcasting.sumToShape(g.mul(b), a.shape()) : null,
                    needs(1) ? Broadcasting.sumToShape(g.mul(a), b.shape()) : null};
        }

        @Override
        public void release() {
            super.release();
            a = b = null;
        }
    }

    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = compute(BinaryOp.DIV, a, b);
        if (Node.recording(a, b)) out.attach(new Div(a, b, out));
        return out;
    }

    static final class Div extends Node {
        private Tensor b, out;

        Div(Tensor a, Tensor b, Tensor out) {
            super(a, b);
            this.b = b.detach();
            this.out = out.detach();
        }

        @Override
        public Tensor[] backward(Tensor g) {
            // d(a/b)/da = 1/b; d(a/b)/db = -a/b^2 = -out/b
            Tensor gOverB = g.div(b);
            return new Tensor[]{
                    needs(0) ? Broadcasting.sumToShape(gOverB, inputs()[0].shape()) : null,
                    needs(1) ? Broadcasting.sumToShape(gOverB.mul(out).neg(), b.shape()) : null};
        }

        @Override
        public void release() {
            super.release();
            b = out = null;
        }
    }

    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = compute(BinaryOp.MAX, a, b);
        if (Node.recording(a, b)) out.attach(new Extremum(a, b, BinaryOp.GT));
        return out;
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = compute(BinaryOp.MIN, a, b);
        if (Node.recording(a, b)) out.attach(new Extremum(a, b, BinaryOp.LT));
        return out;
    }

    /** max/min: the gradient goes to the winning operand; ties split it in half (as PyTorch). */
    static final class Extremum extends Node {
        private Tensor a, b;
        private final BinaryOp wins;

        Extremum(Tensor a, Tensor b, BinaryOp wins) {
            super(a, b);
            this.a = a.detach();
            this.b = b.detach();
            this.wins = wins;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor aWins = compute(wins, a, b).add(compute(BinaryOp.EQ, a, b).mul(0.5f));
            Tensor ga = g.mul(aWins);
            return new Tensor[]{
                    needs(0) ? Broadcasting.sumToShape(ga, a.shape()) : null,
                    needs(1) ? Broadcasting.sumToShape(g.sub(ga), b.shape()) : null};
        }

        @Override
        public void release() {
            super.release();
            a = b = null;
        }
    }

    /** Elementwise comparison giving 1 or 0; not differentiable (the result has no history). */
    public static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        if (op != BinaryOp.EQ && op != BinaryOp.GT && op != BinaryOp.LT) {
            throw new IllegalArgumentException("compare: " + op + " is not a comparison");
        }
        return compute(op, a, b);
    }
}
