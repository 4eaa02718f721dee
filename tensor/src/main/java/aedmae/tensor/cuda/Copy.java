package aedmae.tensor.cuda;

import aedmae.tensor.Storage;
import jcuda.driver.JCudaDriver;

import static aedmae.tensor.cuda.KernelRegistry.COPY_ADD;
import static aedmae.tensor.cuda.KernelRegistry.COPY_MEMCPY;
import static aedmae.tensor.cuda.KernelRegistry.COPY_STRIDED;

/**
 * Strided copy and fill (twin of aedmae.tensor.cpu.Copy; kernels/copy.cu). Dims are merged
 * first; a copy that is contiguous on both sides goes to the copy engine, a fill to memset.
 */
final class Copy {
    private final CudaBackend b;

    Copy(CudaBackend b) {
        this.b = b;
    }

    /** dst[i.dstStrides] (=|+=) src[i.srcStrides]. Reads src; overwrites or accumulates dst. */
    void copy(int[] shape, Storage src, int srcOff, int[] srcStrides, Storage dst, int dstOff, int[] dstStrides, boolean accumulate) {
        StridedLayout l = StridedLayout.merged(shape, srcStrides, dstStrides);
        long n = l.numel();
        if (n == 0) return;
        if (src == dst && overlaps(shape, srcOff, srcStrides, dstOff, dstStrides)) {
            // a copy engine or kernel that reads what it writes is undefined: stage through scratch
            try (CudaStorage tmp = b.allocateRaw((int) n)) {
                int[] dense = aedmae.tensor.Shape.contiguousStrides(shape);
                copy(shape, src, srcOff, srcStrides, tmp, 0, dense, false);
                copy(shape, tmp, 0, dense, dst, dstOff, dstStrides, accumulate);
            } // the block goes back in stream order, after the second copy
            return;
        }
        boolean dense = l.contiguous(0) && l.contiguous(1);
        String dense1 = accumulate ? COPY_ADD : COPY_MEMCPY;
        String v = b.rt.pick(Op.COPY, dense ? dense1 : COPY_STRIDED, name -> name.equals(COPY_STRIDED) || dense && name.equals(dense1));
        CudaStorage s = b.cuda(src), d = b.cuda(dst);
        switch (v) {
            case COPY_MEMCPY -> {
                b.rt.touch(s);
                b.rt.touch(d);
                Driver.check(JCudaDriver.cuMemcpyDtoDAsync(d.at(dstOff), s.at(srcOff), 4L * n, b.rt.stream()), "cuMemcpyDtoDAsync");
            }
            case COPY_ADD -> b.rt.launch("copy_add_contiguous", Launch.linear(n / 4 + 1, 256, b.rt.gridCap()),
                    b.args().l(n).ptr(s, srcOff).ptr(d, dstOff));
            default -> b.rt.launch("copy_strided", Launch.linear(n, 256, b.rt.gridCap()),
                    b.args().struct(l.pack(2)).l(n).ptr(s, srcOff).ptr(d, dstOff).i(accumulate ? 1 : 0));
        }
    }

    /**
     * True when the elements a strided copy reads and those it writes may share memory within one
     * storage: their spans [lowest, highest offset] intersect (conservative: interleaved views
     * count as overlapping).
     */
    static boolean overlaps(int[] shape, int srcOff, int[] srcStrides, int dstOff, int[] dstStrides) {
        long[] a = span(shape, srcOff, srcStrides), d = span(shape, dstOff, dstStrides);
        return a[0] <= d[1] && d[0] <= a[1];
    }

    private static long[] span(int[] shape, int off, int[] strides) {
        long lo = off, hi = off;
        for (int i = 0; i < shape.length; i++) {
            long reach = (long) (shape[i] - 1) * strides[i];
            if (reach < 0) lo += reach;
            else hi += reach;
        }
        return new long[]{lo, hi};
    }

    /** Overwrites n floats of s from off with value (cuMemsetD32Async of its bits). */
    void fill(Storage s, int off, int n, float value) {
        if (n == 0) return;
        b.rt.pick(Op.FILL, KernelRegistry.FILL_MEMSET, name -> true);
        CudaStorage c = b.cuda(s);
        b.rt.touch(c);
        Driver.check(JCudaDriver.cuMemsetD32Async(c.at(off), Float.floatToRawIntBits(value), n, b.rt.stream()), "cuMemsetD32Async");
    }
}
