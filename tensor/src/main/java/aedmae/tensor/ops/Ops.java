package aedmae.tensor.ops;

import aedmae.tensor.Backend;
import aedmae.tensor.Device;
import aedmae.tensor.Shape;
import aedmae.tensor.Storage;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;

import java.util.Arrays;

/** Helpers shared by the operation classes: device checks, layouts, broadcast-gradient reduction. */
final class Ops {
    private Ops() {}

    /** All non-null tensors must live on the same device; returns its backend. */
    static Backend backend(String op, Tensor... ts) {
        Device d = null;
        for (Tensor t : ts) {
            if (t == null) continue;
            if (d == null) d = t.device();
            else if (!d.equals(t.device())) {
                throw new IllegalArgumentException(op + ": tensors on different devices " + d + " and " + t.device());
            }
        }
        return ts[0].backend();
    }

    /** A new zero-filled contiguous tensor on the same device as like. */
    static Tensor empty(Tensor like, int... shape) {
        return Tensor.wrap(like.backend().allocate(Shape.numel(shape)), shape);
    }

    /**
     * A new contiguous tensor whose values are undefined: only for outputs the kernel writes
     * completely (GEMM with beta 0, attention, normalisations, elementwise, copies).
     */
    static Tensor forOverwrite(Tensor like, int... shape) {
        return Tensor.wrap(like.backend().allocateUninitialized(Shape.numel(shape)), shape);
    }

    /**
     * A new tensor with like's shape and, when like is dense, like's strides (so elementwise
     * results keep channels-last and transposed layouts); else contiguous.
     */
    static Tensor emptyLayoutOf(Tensor like) {
        // every user writes all elements (elementwise kernels, copies)
        Storage s = like.backend().allocateUninitialized(like.numel());
        if (like.isDense() && !like.isContiguous()) return Tensor.wrap(s, like.shape(), like.strides(), 0);
        return Tensor.wrap(s, like.shape());
    }

    /** t itself when it is dense with exactly like's strides, else a copy laid out like like. */
    static Tensor inLayoutOf(Tensor t, Tensor like) {
        if (t.isDense() && Arrays.equals(t.strides(), like.strides()) && Arrays.equals(t.shape(), like.shape())) return t;
        Tensor out = emptyLayoutOf(like);
        t.backend().copy(t.shape(), t.storage(), t.offset(), t.strides(), out.storage(), out.offset(), out.strides(), false);
        return out;
    }

    /** Sums a broadcast gradient back down to shape (the adjoint of broadcasting). */
    static Tensor sumToShape(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        try (var s = GradMode.disable()) {
            int lead = gs.length - shape.length;
            int[] dims = new int[gs.length];
            int nd = 0;
            for (int i = 0; i < gs.length; i++) {
                if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) dims[nd++] = i;
            }
            Tensor r = nd == 0 ? g : Reductions.sum(g, Arrays.copyOf(dims, nd), true);
            return r.reshape(shape);
        }
    }

    static int[] normaliseDims(String op, int[] dims, int rank) {
        boolean[] seen = new boolean[rank];
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = Shape.dim(op, dims[i], rank);
            if (seen[d]) throw new IllegalArgumentException(op + ": dimension " + dims[i] + " given twice");
            seen[d] = true;
            out[i] = d;
        }
        Arrays.sort(out);
        return out;
    }
}
