package aedmae.tensor.cpu;

/** Index helpers for strided kernels: merging dims, unravelling flat indices, odometer steps. */
final class Strided {
    private Strided() {}

    /**
     * Drops size-1 dims and merges neighbouring dims that are contiguous with each other in every
     * operand. Returns {shape, strides of operand 0, strides of operand 1, ...}.
     */
    static int[][] merge(int[] shape, int[]... strides) {
        int ops = strides.length;
        int[] sh = new int[shape.length];
        int[][] st = new int[ops][shape.length];
        int r = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) continue;
            if (r > 0) {
                boolean mergeable = true;
                for (int k = 0; k < ops; k++) {
                    if (st[k][r - 1] != strides[k][i] * shape[i]) { mergeable = false; break; }
                }
                if (mergeable) {
                    sh[r - 1] *= shape[i];
                    for (int k = 0; k < ops; k++) st[k][r - 1] = strides[k][i];
                    continue;
                }
            }
            sh[r] = shape[i];
            for (int k = 0; k < ops; k++) st[k][r] = strides[k][i];
            r++;
        }
        int[][] out = new int[ops + 1][];
        out[0] = java.util.Arrays.copyOf(sh, r);
        for (int k = 0; k < ops; k++) out[k + 1] = java.util.Arrays.copyOf(st[k], r);
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) { // empty tensor: keep a zero-size dim so callers loop zero times
                out[0] = new int[]{0};
                for (int k = 0; k < ops; k++) out[k + 1] = new int[]{1};
                break;
            }
        }
        return out;
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
