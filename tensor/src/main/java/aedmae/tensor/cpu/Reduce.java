package aedmae.tensor.cpu;

import aedmae.tensor.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions over the middle axis of a contiguous [outer, n, inner] block (CPU twin of
 * kernels/reduce.cu). With inner = 1 each output is a dot-like pass over a contiguous row;
 * otherwise rows of length inner are accumulated, which vectorises over inner.
 */
public final class Reduce {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Reduce() {}

    public static void reduce(ReduceOp op, float[] x, int xOff, int outer, int n, int inner, float[] out, int outOff) {
        if (inner == 1) {
            Parallel.forRange(outer, Math.max(1, 16384 / Math.max(n, 1)), (s, e) -> {
                for (int o = s; o < e; o++) out[outOff + o] = row(op, x, xOff + o * n, n);
            });
            return;
        }
        Parallel.forRange(outer * inner, Math.max(inner, 4096), (s, e) -> {
            // handle the range as pieces of [o][i0..i1)
            int f = s;
            while (f < e) {
                int o = f / inner, i0 = f % inner, i1 = Math.min(inner, i0 + (e - f));
                int dst = outOff + o * inner;
                int base = xOff + o * n * inner;
                float init = op == ReduceOp.SUM ? 0f : op == ReduceOp.MAX ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
                for (int i = i0; i < i1; i++) out[dst + i] = init;
                for (int j = 0; j < n; j++) {
                    int src = base + j * inner;
                    switch (op) {
                        case SUM -> { for (int i = i0; i < i1; i++) out[dst + i] += x[src + i]; }
                        case MAX -> { for (int i = i0; i < i1; i++) out[dst + i] = Math.max(out[dst + i], x[src + i]); }
                        case MIN -> { for (int i = i0; i < i1; i++) out[dst + i] = Math.min(out[dst + i], x[src + i]); }
                    }
                }
                f += i1 - i0;
            }
        });
    }

    /** Reduction of one contiguous run; sums use float vector lanes then a double total. */
    static float row(ReduceOp op, float[] x, int off, int n) {
        int i = 0;
        int vEnd = S.loopBound(n);
        switch (op) {
            case SUM: {
                FloatVector acc = FloatVector.zero(S);
                for (; i < vEnd; i += S.length()) acc = acc.add(FloatVector.fromArray(S, x, off + i));
                double s = acc.reduceLanes(VectorOperators.ADD);
                for (; i < n; i++) s += x[off + i];
                return (float) s;
            }
            case MAX: {
                float m = Float.NEGATIVE_INFINITY;
                if (vEnd > 0) {
                    FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                    for (; i < vEnd; i += S.length()) acc = acc.max(FloatVector.fromArray(S, x, off + i));
                    m = acc.reduceLanes(VectorOperators.MAX);
                }
                for (; i < n; i++) m = Math.max(m, x[off + i]);
                return m;
            }
            default: {
                float m = Float.POSITIVE_INFINITY;
                for (; i < n; i++) m = Math.min(m, x[off + i]);
                return m;
            }
        }
    }

    public static int[] argmax(float[] x, int xOff, int outer, int n, int inner) {
        int[] idx = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = xOff + o * n * inner + i;
                int best = 0;
                float bv = x[base];
                for (int j = 1; j < n; j++) {
                    float v = x[base + j * inner];
                    if (v > bv || (Float.isNaN(v) && !Float.isNaN(bv))) { bv = v; best = j; }
                }
                idx[o * inner + i] = best;
            }
        }
        return idx;
    }
}
