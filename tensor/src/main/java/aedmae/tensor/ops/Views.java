package aedmae.tensor.ops;

import aedmae.tensor.Backends;
import aedmae.tensor.Device;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import aedmae.tensor.autograd.Node;

import java.util.Arrays;

/**
 * Views and copies: reshape, permute, slice, expand, contiguous, device transfer. A view shares
 * storage; its backward pass maps the gradient back to the input's shape.
 */
public final class Views {
    private Views() {}

    // ---------------------------------------------------------------- reshape

    public static Tensor reshape(Tensor t, int[] newShape) {
        int[] ns = resolve(newShape, t.numel(), t.shape());
        int[] inShape = t.shape();
        Tensor out;
        if (Arrays.equals(ns, inShape)) {
            out = Tensor.wrap(t.storage(), ns, t.strides(), t.offset());
        } else {
            int[] st = viewStrides(inShape, t.strides(), ns);
            if (st != null) {
                out = Tensor.wrap(t.storage(), ns, st, t.offset());
            } else {
                Tensor c;
                try (var s = GradMode.disable()) {
                    c = contiguous(t);
                }
                out = Tensor.wrap(c.storage(), ns, Shape.contiguousStrides(ns), c.offset());
            }
        }
        if (Node.recording(t)) out.attach(new Reshape(t, inShape));
        return out;
    }

    static final class Reshape extends Node {
        private final int[] inShape;

        Reshape(Tensor in, int[] inShape) {
            super(in);
            this.inShape = inShape;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            return new Tensor[]{g.reshape(inShape)};
        }
    }

    private static int[] resolve(int[] shape, int numel, int[] from) {
        int[] ns = shape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < ns.length; i++) {
            if (ns[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: only one dimension can be -1, got " + Shape.str(shape));
                infer = i;
            } else if (ns[i] < 0) {
                throw new IllegalArgumentException("reshape: invalid dimension in " + Shape.str(shape));
            } else {
                known *= ns[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(from) + " to " + Shape.str(shape));
            }
            ns[infer] = numel / known;
        }
        if (Shape.numel(ns) != numel) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(from) + " (" + numel + " elements) to " + Shape.str(shape));
        }
        return ns;
    }

    /**
     * Strides that view (oldShape, oldStrides) as newShape without copying, or null when the
     * layout does not allow it (the algorithm of PyTorch's computeStride: split the old shape
     * into runs that are contiguous with each other; each run maps onto whole new dims).
     */
    static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
        int[] ns = new int[newShape.length];
        if (Shape.numel(oldShape) == 0 || oldShape.length == 0) {
            return Shape.contiguousStrides(newShape);
        }
        int viewD = newShape.length - 1;
        long chunkBase = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int td = oldShape.length - 1; td >= 0; td--) {
            tensorNumel *= oldShape[td];
            if (td == 0 || (oldShape[td - 1] != 1 && oldStrides[td - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    ns[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (td > 0) {
                    chunkBase = oldStrides[td - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) return null;
        return ns;
    }

    // ---------------------------------------------------------------- permute

    public static Tensor permute(Tensor t, int[] dims) {
        int r = t.dim();
        Shape.check(dims.length == r, "permute", "needs one entry per dimension", t.shape(), dims);
        int[] shape = t.shape(), strides = t.strides();
        int[] ns = new int[r], st = new int[r], inverse = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            int d = Shape.dim("permute", dims[i], r);
            if (seen[d]) throw new IllegalArgumentException("permute: dimension " + d + " repeated in " + Shape.str(dims));
            seen[d] = true;
            ns[i] = shape[d];
            st[i] = strides[d];
            inverse[d] = i;
        }
        Tensor out = Tensor.wrap(t.storage(), ns, st, t.offset());
        if (Node.recording(t)) out.attach(new Permute(t, inverse));
        return out;
    }

    static final class Permute extends Node {
        private final int[] inverse;

        Permute(Tensor in, int[] inverse) {
            super(in);
            this.inverse = inverse;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            return new Tensor[]{g.permute(inverse)};
        }
    }

    // ---------------------------------------------------------------- slice

    public static Tensor slice(Tensor t, int dim, int start, int end, int step) {
        int d = Shape.dim("slice", dim, t.dim());
        int size = t.shape()[d];
        int s = start < 0 ? start + size : start, e = end < 0 ? end + size : end;
        s = Math.max(0, Math.min(s, size));
        e = Math.max(s, Math.min(e, size));
        if (step < 1) throw new IllegalArgumentException("slice: step must be >= 1, got " + step);
        int[] ns = t.shape(), st = t.strides();
        ns[d] = (e - s + step - 1) / step;
        int off = t.offset() + s * st[d];
        st[d] *= step;
        Tensor out = Tensor.wrap(t.storage(), ns, st, off);
        if (Node.recording(t)) out.attach(new Slice(t, d, s, step));
        return out;
    }

    static final class Slice extends Node {
        private final int[] inShape;
        private final int dim, start, step;

        Slice(Tensor in, int dim, int start, int step) {
            super(in);
            this.inShape = in.shape();
            this.dim = dim;
            this.start = start;
            this.step = step;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            // the gradient of a slice is zero outside it: write g into the same window of zeros
            Tensor z = OpOutputs.empty(g, inShape);
            Tensor window = slice(z, dim, start, start + (g.shape()[dim] - 1) * step + 1, step);
            copyInto(g, window, false);
            return new Tensor[]{z};
        }
    }

    // ---------------------------------------------------------------- expand

    public static Tensor expand(Tensor t, int[] newShape) {
        int[] shape = t.shape();
        Shape.check(newShape.length >= shape.length, "expand", "cannot expand to fewer dimensions", shape, newShape);
        int[] ns = newShape.clone();
        int lead = ns.length - shape.length;
        for (int i = 0; i < ns.length; i++) {
            if (ns[i] == -1) {
                Shape.check(i >= lead, "expand", "-1 not allowed for a new leading dimension", shape, newShape);
                ns[i] = shape[i - lead];
            }
            if (i >= lead && shape[i - lead] != 1 && shape[i - lead] != ns[i]) {
                throw new IllegalArgumentException("expand: cannot expand " + Shape.str(shape) + " to " + Shape.str(newShape));
            }
        }
        Tensor out = Tensor.wrap(t.storage(), ns, Shape.broadcastStrides(shape, t.strides(), ns), t.offset());
        if (Node.recording(t)) out.attach(new Expand(t));
        return out;
    }

    static final class Expand extends Node {
        private final int[] inShape;

        Expand(Tensor in) {
            super(in);
            this.inShape = in.shape();
        }

        @Override
        public Tensor[] backward(Tensor g) {
            return new Tensor[]{Broadcasting.sumToShape(g, inShape)};
        }
    }

    // ---------------------------------------------------------------- copies

    /** A dense row-major copy (differentiable). */
    public static Tensor contiguous(Tensor t) {
        Tensor out = OpOutputs.forOverwrite(t, t.shape());
        copyInto(t, out, false);
        if (Node.recording(t)) out.attach(new Identity(t));
        return out;
    }

    /** Like contiguous() but always copies. */
    public static Tensor copy(Tensor t) {
        return contiguous(t);
    }

    static final class Identity extends Node {
        Identity(Tensor in) {
            super(in);
        }

        @Override
        public Tensor[] backward(Tensor g) {
            return new Tensor[]{g};
        }
    }

    /** dst (=|+=) src elementwise; same shapes, any strides, same device. Not recorded. */
    public static void copyInto(Tensor src, Tensor dst, boolean accumulate) {
        Shape.check(Arrays.equals(src.shape(), dst.shape()), "copy", "shapes differ", src.shape(), dst.shape());
        SameDevice.backend("copy", src, dst).copy(src.shape(), src.storage(), src.offset(), src.strides(),
                dst.storage(), dst.offset(), dst.strides(), accumulate);
    }

    // ---------------------------------------------------------------- devices

    public static Tensor toDevice(Tensor t, Device target) {
        if (t.device().equals(target)) return t;
        Tensor c = t.isContiguous() ? t : contiguousNoGrad(t);
        float[] host = new float[c.numel()];
        c.backend().download(c.storage(), c.offset(), host, 0, host.length);
        Tensor out = Tensor.wrap(Backends.get(target).upload(host, 0, host.length), t.shape());
        if (Node.recording(t)) out.attach(new ToDevice(t));
        return out;
    }

    private static Tensor contiguousNoGrad(Tensor t) {
        try (var s = GradMode.disable()) {
            return contiguous(t);
        }
    }

    static final class ToDevice extends Node {
        private final Device source;

        ToDevice(Tensor in) {
            super(in);
            this.source = in.device();
        }

        @Override
        public Tensor[] backward(Tensor g) {
            return new Tensor[]{g.to(source)};
        }
    }
}
