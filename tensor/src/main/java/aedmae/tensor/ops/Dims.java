package aedmae.tensor.ops;

import aedmae.tensor.Shape;

import java.util.Arrays;

/** Dimension arguments of reductions and views: negative indices resolved, duplicates refused. */
final class Dims {
    private Dims() {}

    static int[] normalise(String op, int[] dims, int rank) {
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
