package aedmae.datasets.labels;

/**
 * A numeric array read from a NumPy .npy file, in C (row-major) order.
 *
 * @param shape  the array's shape (empty for a scalar)
 * @param values every element converted to double, row-major
 * @param dtype  the file's dtype string, e.g. "&lt;i8", "|u1", "|b1"
 */
public record NpyArray(int[] shape, double[] values, String dtype) {
    public int size() {
        return values.length;
    }
}
