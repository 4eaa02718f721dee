package aedmae.tensor.cuda;

import aedmae.tensor.Shape;

import java.util.Arrays;

/**
 * The StridedLayout struct of kernels/common.cuh: a shape (at most 8 dims) and up to three
 * stride sets, as an int array in the struct's field order {rank, shape[8], stride[3][8]}.
 * {@link #merged} first drops size-1 dims and joins neighbours that are contiguous in every
 * operand, so the kernels do as little index arithmetic as the layout allows.
 */
final class StridedLayout {
    static final int MAX_RANK = 8;
    static final int INTS = 1 + MAX_RANK + 3 * MAX_RANK;

    final int[] shape;
    final int[][] strides;

    private StridedLayout(int[] shape, int[][] strides) {
        this.shape = shape;
        this.strides = strides;
    }

    /** Elements in the shape. */
    long numel() {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    int rank() {
        return shape.length;
    }

    /** The layout with size-1 dims dropped and contiguous neighbours merged ({@link Shape#mergeStrided}). */
    static StridedLayout merged(int[] shape, int[]... strides) {
        int[][] m = Shape.mergeStrided(shape, strides);
        return new StridedLayout(m[0], Arrays.copyOfRange(m, 1, m.length));
    }

    /** The layout as given (gather and scatter need every dim: the indexed one is replaced). */
    static StridedLayout exact(int[] shape, int[]... strides) {
        int[][] st = new int[strides.length][];
        for (int k = 0; k < strides.length; k++) st[k] = strides[k].clone();
        return new StridedLayout(shape.clone(), st);
    }

    /** The struct for the kernels, with the first `operands` stride sets. */
    int[] pack(int operands) {
        if (shape.length > MAX_RANK) {
            throw new UnsupportedOperationException("strided CUDA kernels take at most " + MAX_RANK
                    + " dims after merging; got shape " + Arrays.toString(shape));
        }
        int[] p = new int[INTS];
        p[0] = Math.max(shape.length, 0);
        for (int i = 0; i < shape.length; i++) p[1 + i] = shape[i];
        for (int k = 0; k < operands; k++) {
            for (int i = 0; i < shape.length; i++) p[1 + MAX_RANK + k * MAX_RANK + i] = strides[k][i];
        }
        return p;
    }

    /** Offset of flat index f in operand k, as the kernels compute it (for tests and host checks). */
    long offset(long f, int k) {
        long off = 0;
        for (int d = shape.length - 1; d >= 0; d--) {
            long i = f % shape[d];
            f /= shape[d];
            off += i * strides[k][d];
        }
        return off;
    }

    /** True when operand k is a dense row-major run over the whole shape. */
    boolean contiguous(int k) {
        long expect = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (strides[k][d] != expect) return false;
            expect *= shape[d];
        }
        return true;
    }
}
