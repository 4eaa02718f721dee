package aedmae.tensor;

import java.util.Arrays;

/**
 * Shape arithmetic shared by every operation: element counts, row-major strides, broadcasting,
 * and the error messages that name an operation and its shapes.
 *
 * <p>Dimension letters used across the tensor package: B batch, C channels, H/W height and
 * width, L tokens, D features, N rows, K reduction length.
 */
public final class Shape {
    private Shape() {}

    /** Number of elements of a shape (1 for a scalar shape {@code []}). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension in shape " + str(shape));
            n *= s;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
        return (int) n;
    }

    /** Row-major (C order) strides of a shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return st;
    }

    /** True when strides are the row-major strides of shape (size-1 dimensions are ignored). */
    public static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /**
     * True when the tensor covers a gap-free block of numel elements in some dimension order:
     * a permutation of a contiguous tensor (channels-last views, transposes). Elementwise
     * operations can then run over the block directly and keep the same strides.
     */
    public static boolean isDense(int[] shape, int[] strides) {
        Integer[] order = new Integer[shape.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Integer.compare(strides[a], strides[b]));
        int expected = 1;
        for (int idx : order) {
            if (shape[idx] == 1) continue;
            if (strides[idx] != expected) return false;
            expected *= shape[idx];
        }
        return true;
    }

    /** Broadcast two shapes (NumPy rules); throws naming the operation when incompatible. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b) + " cannot be broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that read a tensor of (shape, strides) as if expanded to target (0 on broadcast dims). */
    public static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int off = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i < off) out[i] = 0;
            else out[i] = shape[i - off] == 1 && target[i] != 1 ? 0 : strides[i - off];
        }
        return out;
    }

    /** Normalise a possibly negative dimension index; throws naming the operation when out of range. */
    public static int dim(String op, int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) throw new IllegalArgumentException(op + ": dimension " + dim + " out of range for a tensor of rank " + rank);
        return d;
    }

    /** Product of shape[from..to). */
    public static int prod(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Throws IllegalArgumentException "op: message, got shapes [..], [..]" unless cond holds. */
    public static void check(boolean cond, String op, String message, int[]... shapes) {
        if (cond) return;
        StringBuilder sb = new StringBuilder(op).append(": ").append(message);
        if (shapes.length > 0) {
            sb.append(" (got ");
            for (int i = 0; i < shapes.length; i++) sb.append(i > 0 ? ", " : "").append(str(shapes[i]));
            sb.append(')');
        }
        throw new IllegalArgumentException(sb.toString());
    }

    public static int[] concat(int[] a, int... b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * The strided kernels' merge (CPU and CUDA share it): drops size-1 dims and joins neighbouring
     * dims that are contiguous with each other in every operand, so a kernel does as little index
     * arithmetic as the layout allows. Returns {shape, strides of operand 0, strides of operand
     * 1, ...}; an empty shape comes back as {0} with strides {1}, so loops run zero times.
     */
    public static int[][] mergeStrided(int[] shape, int[]... strides) {
        int ops = strides.length;
        int[][] out = new int[ops + 1][];
        for (int s : shape) {
            if (s == 0) {
                out[0] = new int[]{0};
                for (int k = 0; k < ops; k++) out[k + 1] = new int[]{1};
                return out;
            }
        }
        int[] sh = new int[shape.length];
        int[][] st = new int[ops][shape.length];
        int r = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) continue;
            boolean join = r > 0;
            for (int k = 0; join && k < ops; k++) join = st[k][r - 1] == (long) strides[k][i] * shape[i];
            if (join) {
                sh[r - 1] *= shape[i];
                for (int k = 0; k < ops; k++) st[k][r - 1] = strides[k][i];
            } else {
                sh[r] = shape[i];
                for (int k = 0; k < ops; k++) st[k][r] = strides[k][i];
                r++;
            }
        }
        out[0] = Arrays.copyOf(sh, r);
        for (int k = 0; k < ops; k++) out[k + 1] = Arrays.copyOf(st[k], r);
        return out;
    }
}
