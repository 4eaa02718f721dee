package aedmae.tensor.cpu;

/**
 * Strided copy (CPU twin of kernels/copy.cu): dst[i.dstStrides] (=|+=) src[i.srcStrides] over
 * every index i of shape. Adjacent dims that are contiguous in both operands are merged first,
 * so the inner loop is a straight run whenever the layout allows.
 */
public final class Copy {
    private Copy() {}

    public static void copy(int[] shape, float[] src, int srcOff, int[] srcStrides,
                            float[] dst, int dstOff, int[] dstStrides, boolean accumulate) {
        int[][] m = Strided.merge(shape, srcStrides, dstStrides);
        int[] sh = m[0], ss = m[1], ds = m[2];
        int rank = sh.length;
        if (rank == 0) {
            dst[dstOff] = accumulate ? dst[dstOff] + src[srcOff] : src[srcOff];
            return;
        }
        int inner = sh[rank - 1], sInner = ss[rank - 1], dInner = ds[rank - 1];
        int outer = 1;
        for (int i = 0; i < rank - 1; i++) outer *= sh[i];
        int grain = Math.max(1, 32768 / Math.max(inner, 1));
        Parallel.forRange(outer, grain, (start, end) -> {
            int[] idx = new int[rank];
            Strided.unravel(start, sh, rank - 1, idx);
            for (int o = start; o < end; o++) {
                int s = srcOff, d = dstOff;
                for (int k = 0; k < rank - 1; k++) {
                    s += idx[k] * ss[k];
                    d += idx[k] * ds[k];
                }
                if (sInner == 1 && dInner == 1) {
                    if (accumulate) {
                        for (int j = 0; j < inner; j++) dst[d + j] += src[s + j];
                    } else {
                        System.arraycopy(src, s, dst, d, inner);
                    }
                } else if (accumulate) {
                    for (int j = 0; j < inner; j++) dst[d + j * dInner] += src[s + j * sInner];
                } else {
                    for (int j = 0; j < inner; j++) dst[d + j * dInner] = src[s + j * sInner];
                }
                Strided.increment(idx, sh, rank - 1);
            }
        });
    }
}
