package aedmae.tensor;

import java.util.Arrays;

/**
 * Integer indices with a shape, kept on the host: the ids of kept tokens, argsort results,
 * gather/scatter indices. Backends that need them on a device copy them per call (they are small).
 */
public record IntTensor(int[] data, int[] shape) {
    public IntTensor {
        Shape.check(Shape.numel(shape) == data.length, "IntTensor", data.length + " values do not fill the shape", shape);
    }

    public static IntTensor of(int[] data, int... shape) {
        return new IntTensor(data, shape);
    }

    public int numel() {
        return data.length;
    }

    public int dim() {
        return shape.length;
    }

    public int size(int d) {
        return shape[Shape.dim("size", d, shape.length)];
    }

    /** Element at row-major coordinates. */
    public int get(int... index) {
        int off = 0;
        int[] st = Shape.contiguousStrides(shape);
        for (int i = 0; i < index.length; i++) off += index[i] * st[i];
        return data[off];
    }

    /** Same data, new shape (row-major). */
    public IntTensor reshape(int... newShape) {
        return new IntTensor(data, newShape);
    }

    /** Columns start..end-1 of a 2-D index tensor. */
    public IntTensor sliceColumns(int start, int end) {
        Shape.check(shape.length == 2 && 0 <= start && start <= end && end <= shape[1], "IntTensor.sliceColumns",
                "need a 2-D tensor and 0 <= start <= end <= columns", shape, new int[]{start, end});
        int rows = shape[0], cols = shape[1], w = end - start;
        int[] out = new int[rows * w];
        for (int r = 0; r < rows; r++) System.arraycopy(data, r * cols + start, out, r * w, w);
        return new IntTensor(out, new int[]{rows, w});
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntTensor t && Arrays.equals(data, t.data) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "IntTensor" + Shape.str(shape) + (data.length <= 16 ? " " + Arrays.toString(data) : "");
    }
}
