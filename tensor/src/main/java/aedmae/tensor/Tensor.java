package aedmae.tensor;

import aedmae.tensor.autograd.Autograd;
import aedmae.tensor.autograd.GradMode;
import aedmae.tensor.autograd.Node;
import aedmae.tensor.ops.Arithmetic;
import aedmae.tensor.ops.MatMul;
import aedmae.tensor.ops.Reductions;
import aedmae.tensor.ops.Softmax;
import aedmae.tensor.ops.Unary;
import aedmae.tensor.ops.Views;

import java.util.Arrays;

/**
 * A float32 tensor: a view (shape, strides, offset) over a {@link Storage} on some device, plus
 * the autograd state (whether it requires a gradient, its gradient, the graph node that made it).
 *
 * <p>Views (reshape, permute, transpose, slice, expand) share storage and cost no copy; an
 * operation that needs a dense row-major input calls {@link #contiguous()}, which copies only
 * when needed. The arithmetic methods here are one-line entry points into the operation classes
 * of {@code aedmae.tensor.ops}, where each operation's forward and backward live side by side.
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    private boolean requiresGrad;
    private Tensor grad;
    private Node node;
    private String name;

    private Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ================================================================= construction

    /** A view over an existing storage. Low level: the caller guarantees the view fits. */
    public static Tensor wrap(Storage storage, int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length) throw new IllegalArgumentException("wrap: shape and strides differ in rank");
        return new Tensor(storage, shape.clone(), strides.clone(), offset);
    }

    /** A contiguous tensor over a whole storage. */
    public static Tensor wrap(Storage storage, int... shape) {
        return new Tensor(storage, shape.clone(), Shape.contiguousStrides(shape), 0);
    }

    /** Zeros on the default device ({@link Device#defaultDevice()}), as every factory without a device. */
    public static Tensor zeros(int... shape) {
        return zeros(Device.defaultDevice(), shape);
    }

    public static Tensor zeros(Device device, int... shape) {
        return wrap(Backends.get(device).allocate(Shape.numel(shape)), shape);
    }

    public static Tensor zerosLike(Tensor t) {
        return zeros(t.device(), t.shape);
    }

    public static Tensor ones(int... shape) {
        return full(Device.defaultDevice(), 1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        return full(Device.defaultDevice(), value, shape);
    }

    public static Tensor full(Device device, float value, int... shape) {
        Tensor t = zeros(device, shape);
        if (value != 0f) t.backend().fill(t.storage, 0, t.numel(), value);
        return t;
    }

    /** A tensor on the default device holding a copy of data, viewed with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return of(Device.defaultDevice(), data, shape);
    }

    public static Tensor of(Device device, float[] data, int... shape) {
        Shape.check(Shape.numel(shape) == data.length, "Tensor.of", data.length + " values do not fill the shape", shape);
        return wrap(Backends.get(device).upload(data, 0, data.length), shape);
    }

    public static Tensor scalar(float value) {
        return of(new float[]{value});
    }

    /** 0, 1, ..., n-1 as floats. */
    public static Tensor arange(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return of(a, n);
    }

    // ================================================================= description

    public int[] shape() {
        return shape.clone();
    }

    public int size(int dim) {
        return shape[Shape.dim("size", dim, shape.length)];
    }

    public int dim() {
        return shape.length;
    }

    public int numel() {
        return Shape.numel(shape);
    }

    public int[] strides() {
        return strides.clone();
    }

    public int offset() {
        return offset;
    }

    public Storage storage() {
        return storage;
    }

    public Backend backend() {
        return storage.backend();
    }

    public Device device() {
        return storage.backend().device();
    }

    public boolean isContiguous() {
        return Shape.isContiguous(shape, strides);
    }

    /** A gap-free permutation of a contiguous block (see {@link Shape#isDense}). */
    public boolean isDense() {
        return Shape.isDense(shape, strides);
    }

    /** True when this tensor's dims are laid out as (N, H, W, C) in memory: a channels-last view of N, C, H, W. */
    public boolean isChannelsLast() {
        if (shape.length != 4) return false;
        int c = shape[1], h = shape[2], w = shape[3];
        return (c == 1 || strides[1] == 1) && (w == 1 || strides[3] == c) && (h == 1 || strides[2] == w * c)
                && (shape[0] == 1 || strides[0] == h * w * c);
    }

    public String name() {
        return name;
    }

    public Tensor setName(String name) {
        this.name = name;
        return this;
    }

    // ================================================================= values

    /** The values in row-major order, as a new host array. */
    public float[] toArray() {
        Tensor c = contiguous();
        float[] out = new float[c.numel()];
        c.backend().download(c.storage, c.offset, out, 0, out.length);
        return out;
    }

    /** The single value of a one-element tensor. */
    public float item() {
        Shape.check(numel() == 1, "item", "tensor must have exactly one element", shape);
        float[] v = new float[1];
        backend().download(storage, offset, v, 0, 1);
        return v[0];
    }

    /** One element, by coordinates. */
    public float get(int... index) {
        Shape.check(index.length == shape.length, "get", "wrong number of coordinates", shape, index);
        int off = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("get: index " + Arrays.toString(index) + " outside shape " + Shape.str(shape));
            }
            off += index[i] * strides[i];
        }
        float[] v = new float[1];
        backend().download(storage, off, v, 0, 1);
        return v[0];
    }

    // ================================================================= autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as a parameter (or not). Returns this. */
    public Tensor requiresGrad(boolean requires) {
        if (node != null && !requires) {
            throw new IllegalStateException("requiresGrad(false) on a non-leaf tensor; use detach()");
        }
        this.requiresGrad = requires;
        return this;
    }

    /** The accumulated gradient (null until a backward pass reaches this leaf). */
    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor g) {
        if (g != null) {
            Shape.check(Arrays.equals(g.shape, shape), "setGrad", "gradient shape differs from the tensor's", g.shape, shape);
        }
        this.grad = g;
    }

    public void zeroGrad() {
        this.grad = null;
    }

    /** The graph node that produced this tensor, or null for a leaf. */
    public Node node() {
        return node;
    }

    public boolean isLeaf() {
        return node == null;
    }

    /** Records the node that produced this tensor (operations layer only). */
    public Tensor attach(Node n) {
        this.node = n;
        this.requiresGrad = true;
        return this;
    }

    /** Reverse-mode pass from a one-element tensor: gradients accumulate into the leaves. */
    public void backward() {
        Autograd.backward(this, null);
    }

    /** Reverse-mode pass seeded with the gradient of some scalar with respect to this tensor. */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient);
    }

    /** The same values with no history: a new leaf sharing storage. */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset);
    }

    // ================================================================= devices and copies

    /** This tensor on another device (a copy; differentiable). */
    public Tensor to(Device target) {
        return Views.toDevice(this, target);
    }

    /** This tensor as a dense row-major block: itself when already so, else a copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : Views.contiguous(this);
    }

    /** A contiguous copy that owns its storage. */
    public Tensor copy() {
        return Views.copy(this);
    }

    // ================================================================= views

    /** Same elements, new shape (one dimension may be -1). A view when the strides allow it. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** Merges dims start..end (inclusive) into one. */
    public Tensor flatten(int start, int end) {
        int s = Shape.dim("flatten", start, shape.length), e = Shape.dim("flatten", end, shape.length);
        int[] ns = new int[shape.length - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) ns[j++] = shape[i];
        ns[j++] = Shape.prod(shape, s, e + 1);
        for (int i = e + 1; i < shape.length; i++) ns[j++] = shape[i];
        return reshape(ns);
    }

    public Tensor flatten(int start) {
        return flatten(start, -1);
    }

    public Tensor unsqueeze(int dim) {
        int d = Shape.dim("unsqueeze", dim, shape.length + 1);
        int[] ns = new int[shape.length + 1];
        for (int i = 0, j = 0; i < ns.length; i++) ns[i] = i == d ? 1 : shape[j++];
        return reshape(ns);
    }

    public Tensor squeeze(int dim) {
        int d = Shape.dim("squeeze", dim, shape.length);
        Shape.check(shape[d] == 1, "squeeze", "dimension " + dim + " has size " + shape[d] + ", not 1", shape);
        int[] ns = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != d) ns[j++] = shape[i];
        return reshape(ns);
    }

    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    public Tensor transpose(int a, int b) {
        int[] p = new int[shape.length];
        for (int i = 0; i < p.length; i++) p[i] = i;
        int x = Shape.dim("transpose", a, shape.length), y = Shape.dim("transpose", b, shape.length);
        p[x] = y;
        p[y] = x;
        return permute(p);
    }

    /** Elements start..end-1 along dim (negative indices count from the end). */
    public Tensor slice(int dim, int start, int end) {
        return Views.slice(this, dim, start, end, 1);
    }

    public Tensor slice(int dim, int start, int end, int step) {
        return Views.slice(this, dim, start, end, step);
    }

    /** The sub-tensor at index i along dim, with that dim removed. */
    public Tensor select(int dim, int i) {
        int d = Shape.dim("select", dim, shape.length);
        return slice(d, i, i + 1).squeeze(d);
    }

    /** Broadcasts size-1 dims to a larger shape (stride 0, no copy). */
    public Tensor expand(int... newShape) {
        return Views.expand(this, newShape);
    }

    // ================================================================= arithmetic

    public Tensor add(Tensor o) {
        return Arithmetic.add(this, o);
    }

    public Tensor add(float s) {
        return Unary.affine(this, 1f, s);
    }

    public Tensor sub(Tensor o) {
        return Arithmetic.sub(this, o);
    }

    public Tensor sub(float s) {
        return Unary.affine(this, 1f, -s);
    }

    public Tensor mul(Tensor o) {
        return Arithmetic.mul(this, o);
    }

    public Tensor mul(float s) {
        return Unary.affine(this, s, 0f);
    }

    public Tensor div(Tensor o) {
        return Arithmetic.div(this, o);
    }

    public Tensor div(float s) {
        return Unary.affine(this, 1f / s, 0f);
    }

    public Tensor maximum(Tensor o) {
        return Arithmetic.maximum(this, o);
    }

    public Tensor minimum(Tensor o) {
        return Arithmetic.minimum(this, o);
    }

    public Tensor neg() {
        return Unary.apply(UnaryOp.NEG, this);
    }

    public Tensor exp() {
        return Unary.apply(UnaryOp.EXP, this);
    }

    public Tensor log() {
        return Unary.apply(UnaryOp.LOG, this);
    }

    public Tensor sqrt() {
        return Unary.apply(UnaryOp.SQRT, this);
    }

    public Tensor abs() {
        return Unary.apply(UnaryOp.ABS, this);
    }

    public Tensor square() {
        return Unary.apply(UnaryOp.SQUARE, this);
    }

    public Tensor reciprocal() {
        return Unary.apply(UnaryOp.RECIPROCAL, this);
    }

    public Tensor pow(float exponent) {
        return Unary.apply(UnaryOp.POW, this, exponent, 0f);
    }

    public Tensor clamp(float min, float max) {
        return Unary.apply(UnaryOp.CLAMP, this, min, max);
    }

    public Tensor sigmoid() {
        return Unary.apply(UnaryOp.SIGMOID, this);
    }

    public Tensor tanh() {
        return Unary.apply(UnaryOp.TANH, this);
    }

    /** GELU, exact erf form. */
    public Tensor gelu() {
        return Unary.apply(UnaryOp.GELU, this);
    }

    public Tensor relu() {
        return Unary.apply(UnaryOp.RELU, this);
    }

    /** 1 where this == o, else 0 (no gradient). */
    public Tensor eq(Tensor o) {
        return Arithmetic.compare(BinaryOp.EQ, this, o);
    }

    /** 1 where this > o, else 0 (no gradient). */
    public Tensor gt(Tensor o) {
        return Arithmetic.compare(BinaryOp.GT, this, o);
    }

    /** 1 where this < o, else 0 (no gradient). */
    public Tensor lt(Tensor o) {
        return Arithmetic.compare(BinaryOp.LT, this, o);
    }

    // ================================================================= reductions

    /** Sum of all elements, a one-element tensor of shape []. */
    public Tensor sum() {
        return Reductions.sum(this, all(), false);
    }

    public Tensor sum(int dim, boolean keepDim) {
        return Reductions.sum(this, new int[]{dim}, keepDim);
    }

    public Tensor sum(int[] dims, boolean keepDim) {
        return Reductions.sum(this, dims, keepDim);
    }

    public Tensor mean() {
        return Reductions.mean(this, all(), false);
    }

    public Tensor mean(int dim, boolean keepDim) {
        return Reductions.mean(this, new int[]{dim}, keepDim);
    }

    public Tensor mean(int[] dims, boolean keepDim) {
        return Reductions.mean(this, dims, keepDim);
    }

    /** Maximum over dims; the gradient is shared equally among tied maxima (as torch.amax). */
    public Tensor amax(int[] dims, boolean keepDim) {
        return Reductions.amax(this, dims, keepDim);
    }

    public Tensor amax() {
        return Reductions.amax(this, all(), false);
    }

    /** Maximum along one dim with the index of the first maximum (as torch.max(dim)). */
    public Reductions.MaxResult max(int dim, boolean keepDim) {
        return Reductions.max(this, dim, keepDim);
    }

    /** Variance over dims (unbiased: divide by n-1, as torch.var's default; else by n). */
    public Tensor var(int[] dims, boolean unbiased, boolean keepDim) {
        return Reductions.var(this, dims, unbiased, keepDim);
    }

    private int[] all() {
        int[] d = new int[shape.length];
        for (int i = 0; i < d.length; i++) d[i] = i;
        return d;
    }

    // ================================================================= products and normalisation

    /** Batched matrix product with broadcasting batch dims (as torch.matmul for rank >= 2). */
    public Tensor matmul(Tensor o) {
        return MatMul.apply(this, o);
    }

    /** Numerically stable softmax along dim. */
    public Tensor softmax(int dim) {
        return Softmax.apply(this, dim);
    }

    // ================================================================= in place (outside autograd)

    /** this += alpha * o, in place. Only outside graph recording, on a dense tensor. */
    public Tensor addInPlace(Tensor o, float alpha) {
        checkInPlace("addInPlace");
        Tensor src = alpha == 1f ? o : Unary.affineNoGrad(o, alpha);
        Views.copyInto(src.expandTo(shape), this, true);
        return this;
    }

    /** Overwrites this view's elements with o's (broadcast), in place. */
    public Tensor copyFrom(Tensor o) {
        checkInPlace("copyFrom");
        Views.copyInto(o.expandTo(shape), this, false);
        return this;
    }

    /** Sets every element of this view to value, in place. */
    public Tensor fill(float value) {
        checkInPlace("fill");
        if (isContiguous()) {
            backend().fill(storage, offset, numel(), value);
        } else {
            copyFrom(full(device(), value, 1).expand(shape));
        }
        return this;
    }

    private Tensor expandTo(int[] target) {
        if (Arrays.equals(shape, target)) return this;
        try (var s = GradMode.disable()) {
            return expand(target);
        }
    }

    private void checkInPlace(String op) {
        if (requiresGrad && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": in-place change of a tensor that requires grad while the graph is recorded; use GradMode.disable()");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shape.str(shape)).append(' ').append(device());
        if (name != null) sb.append(" '").append(name).append('\'');
        if (requiresGrad) sb.append(node != null ? " grad_fn=" + node.name() : " requires_grad");
        if (numel() <= 16) sb.append(' ').append(Arrays.toString(toArray()));
        return sb.toString();
    }
}
