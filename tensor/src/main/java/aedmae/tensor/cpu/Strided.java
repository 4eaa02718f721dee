package aedmae.tensor.cpu;

/** Index helpers for strided kernels: merging dims, unravelling flat indices, odometer steps. */
final class Strided {
    private Strided() {}

    /** Merged dims, see {@link aedmae.tensor.Shape#mergeStrided}: {shape, strides of each operand}. */
    static int[][] merge(int[] shape, int[]... strides) {
        return aedmae.tensor.Shape.mergeStrided(shape, strides);
    }

    /** Coordinates of flat index f over the first `rank` dims of shape (row-major). */
    static void unravel(int f, int[] shape, int rank, int[] idx) {
        for (int k = rank - 1; k >= 0; k--) {
            idx[k] = f % shape[k];
            f /= shape[k];
        }
    }

    /** Advances an odometer over the first `rank` dims of shape. */
    static void increment(int[] idx, int[] shape, int rank) {
        for (int k = rank - 1; k >= 0; k--) {
            if (++idx[k] < shape[k]) return;
            idx[k] = 0;
        }
    }
}
