package aedmae.tensor.ops;

import aedmae.tensor.Shape;
import aedmae.tensor.Storage;
import aedmae.tensor.Tensor;

import java.util.Arrays;

/** New tensors for ops to write their results into: zero-filled, for overwriting, or in an operand's layout. */
final class OpOutputs {
    private OpOutputs() {}

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
}
