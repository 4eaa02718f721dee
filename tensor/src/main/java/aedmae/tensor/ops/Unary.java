package aedmae.tensor.ops;

import aedmae.tensor.Tensor;
import aedmae.tensor.UnaryOp;
import aedmae.tensor.autograd.GradMode;
import aedmae.tensor.autograd.Node;

/**
 * Elementwise functions y = f(x) (exp, log, sqrt, abs, pow, clamp, sigmoid, tanh, GELU, ...).
 * A dense input keeps its layout. Backward is one kernel, dx = dy * f'(x), with f' taken from
 * x or y as {@link UnaryOp} documents.
 */
public final class Unary extends Node {
    private final UnaryOp op;
    private final float p0, p1;
    private Tensor x, y;

    /** input: the tensor the graph continues through; x: its dense copy (or itself) that f read. */
    private Unary(UnaryOp op, float p0, float p1, Tensor input, Tensor x, Tensor y) {
        super(input);
        this.op = op;
        this.p0 = p0;
        this.p1 = p1;
        this.x = x.detach();
        this.y = y.detach();
    }

    public static Tensor apply(UnaryOp op, Tensor x) {
        return apply(op, x, 0f, 0f);
    }

    public static Tensor apply(UnaryOp op, Tensor x, float p0, float p1) {
        Tensor xd = x.isDense() ? x : x.detach().contiguous();
        Tensor y = OpOutputs.emptyLayoutOf(xd);
        xd.backend().unary(op, p0, p1, xd.storage(), xd.offset(), y.storage(), 0, xd.numel());
        if (Node.recording(x)) y.attach(new Unary(op, p0, p1, x, xd, y));
        return y;
    }

    /** x * scale + shift. */
    public static Tensor affine(Tensor x, float scale, float shift) {
        return apply(UnaryOp.AFFINE, x, scale, shift);
    }

    /** x * scale + shift without recording, for internal use in backward passes and in-place updates. */
    public static Tensor affineNoGrad(Tensor x, float scale) {
        try (var s = GradMode.disable()) {
            return affine(x, scale, 0f);
        }
    }

    @Override
    public Tensor[] backward(Tensor g) {
        Tensor gl = OpOutputs.inLayoutOf(g, x);
        Tensor dx = OpOutputs.emptyLayoutOf(x);
        x.backend().unaryBackward(op, p0, p1, x.storage(), x.offset(), y.storage(), y.offset(),
                gl.storage(), gl.offset(), dx.storage(), 0, x.numel());
        return new Tensor[]{dx};
    }

    @Override
    public void release() {
        super.release();
        x = y = null;
    }

    @Override
    public String name() {
        return op.name().charAt(0) + op.name().substring(1).toLowerCase();
    }
}
