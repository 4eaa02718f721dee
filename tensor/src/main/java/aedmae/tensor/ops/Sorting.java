package aedmae.tensor.ops;

import aedmae.tensor.IntTensor;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;

/** Sorting without gradient. */
public final class Sorting {
    private Sorting() {}

    /**
     * Indices that sort x along dim, ascending (stable: equal values keep their order), as
     * torch.argsort(stable=True). Computed on the host.
     */
    public static IntTensor argsort(Tensor x, int dim, boolean descending) {
        int d = Shape.dim("argsort", dim, x.dim());
        int[] shape = x.shape();
        float[] v = x.toArray();
        int n = shape[d], outer = Shape.prod(shape, 0, d), inner = Shape.prod(shape, d + 1, shape.length);
        int[] out = new int[v.length];
        Integer[] idx = new Integer[n];
        float[] row = new float[n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                for (int j = 0; j < n; j++) {
                    idx[j] = j;
                    row[j] = v[(o * n + j) * inner + i];
                }
                java.util.Arrays.sort(idx, descending ? (a, b) -> Float.compare(row[b], row[a]) : (a, b) -> Float.compare(row[a], row[b]));
                for (int j = 0; j < n; j++) out[(o * n + j) * inner + i] = idx[j];
            }
        }
        return IntTensor.of(out, shape);
    }
}
