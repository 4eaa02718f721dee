package aedmae.tensor.cpu;

/** gather, scatter, index_select and index_add (CPU twin of kernels/indexing.cu). */
public final class Indexing {
    private Indexing() {}

    public static void gather(int[] indexShape, float[] x, int xOff, int[] xStrides, int dim, int[] index,
                              float[] out, int outOff) {
        int rank = indexShape.length;
        int n = index.length;
        Parallel.forRange(n, 16384, (s, e) -> {
            int[] idx = new int[rank];
            Strided.unravel(s, indexShape, rank, idx);
            for (int f = s; f < e; f++) {
                int off = xOff;
                for (int k = 0; k < rank; k++) off += (k == dim ? index[f] : idx[k]) * xStrides[k];
                out[outOff + f] = x[off];
                Strided.increment(idx, indexShape, rank);
            }
        });
    }

    /** Serial: with accumulation, two indices may hit the same target. */
    public static void scatter(int[] indexShape, float[] src, int srcOff, int dim, int[] index,
                               float[] out, int outOff, int[] outStrides, boolean accumulate) {
        int rank = indexShape.length;
        int[] idx = new int[rank];
        for (int f = 0; f < index.length; f++) {
            int off = outOff;
            for (int k = 0; k < rank; k++) off += (k == dim ? index[f] : idx[k]) * outStrides[k];
            out[off] = accumulate ? out[off] + src[srcOff + f] : src[srcOff + f];
            Strided.increment(idx, indexShape, rank);
        }
    }

    public static void indexSelect(float[] x, int xOff, int outer, int n, int inner, int[] index, float[] out, int outOff) {
        int m = index.length;
        Parallel.forRange(outer * m, Math.max(1, 16384 / Math.max(inner, 1)), (s, e) -> {
            for (int f = s; f < e; f++) {
                int o = f / m, j = f % m;
                System.arraycopy(x, xOff + (o * n + index[j]) * inner, out, outOff + f * inner, inner);
            }
        });
    }

    /** Parallel over outer only: within one outer slice, repeated indices accumulate serially. */
    public static void indexAdd(float[] dy, int dyOff, int outer, int n, int inner, int[] index, float[] dx, int dxOff) {
        int m = index.length;
        Parallel.forRange(outer, 1, (s, e) -> {
            for (int o = s; o < e; o++) {
                for (int j = 0; j < m; j++) {
                    int src = dyOff + (o * m + j) * inner, dst = dxOff + (o * n + index[j]) * inner;
                    for (int i = 0; i < inner; i++) dx[dst + i] += dy[src + i];
                }
            }
        });
    }

    /**
     * The MAE's masking step (twin of gather_tokens): out[b, j, :] = x[b, keep[b, j], :] for
     * x [B, L, D], keep [B, Lk], out [B, Lk, D]. Reads x; overwrites out.
     */
    public static void gatherTokens(float[] x, int xOff, int batch, int tokens, int dim, int[] keep, int kept, float[] out, int outOff) {
        Parallel.forRange(batch * kept, 16, (s, e) -> {
            for (int bj = s; bj < e; bj++) {
                int b = bj / kept;
                System.arraycopy(x, xOff + (b * tokens + keep[bj]) * dim, out, outOff + bj * dim, dim);
            }
        });
    }

    /**
     * The decoder's input (twin of unshuffle_tokens): x [B, 1+Lk, D] is [CLS] then the kept
     * tokens in shuffled order; restore [B, L] gives each position's index in the shuffled order;
     * out [B, 1+L, D]: out[b, 0] = x[b, 0], out[b, 1+l] = x[b, 1+restore[b, l]] when that index is
     * below Lk, else maskToken [D]. Reads x, maskToken; overwrites out.
     */
    public static void unshuffleTokens(float[] x, int xOff, int batch, int tokens, int kept, int dim, int[] restore,
                                       float[] maskToken, int maskOff, float[] out, int outOff) {
        Parallel.forRange(batch * (tokens + 1), 16, (s, e) -> {
            for (int bl = s; bl < e; bl++) {
                int b = bl / (tokens + 1), l = bl % (tokens + 1);
                int dst = outOff + bl * dim;
                if (l == 0) {
                    System.arraycopy(x, xOff + b * (kept + 1) * dim, out, dst, dim);
                } else {
                    int r = restore[b * tokens + l - 1];
                    if (r < kept) System.arraycopy(x, xOff + (b * (kept + 1) + 1 + r) * dim, out, dst, dim);
                    else System.arraycopy(maskToken, maskOff, out, dst, dim);
                }
            }
        });
    }
}
