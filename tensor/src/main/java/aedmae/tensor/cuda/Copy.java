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
        boolean dense = l.contiguous(0) && l.contiguous(1);
        String dense1 = accumulate ? COPY_ADD : COPY_MEMCPY;
        String v = b.pick(Op.COPY, dense ? dense1 : COPY_STRIDED, name -> name.equals(COPY_STRIDED) || dense && name.equals(dense1));
        CudaStorage s = b.cuda(src), d = b.cuda(dst);
        switch (v) {
            case COPY_MEMCPY -> {
                b.touch(s);
                b.touch(d);
                Driver.check(JCudaDriver.cuMemcpyDtoDAsync(d.at(dstOff), s.at(srcOff), 4L * n, b.stream()), "cuMemcpyDtoDAsync");
            }
            case COPY_ADD -> b.launch("copy_add_contiguous", Launch.linear(n / 4 + 1, 256, b.gridCap()),
                    b.args().l(n).ptr(s, srcOff).ptr(d, dstOff));
            default -> b.launch("copy_strided", Launch.linear(n, 256, b.gridCap()),
                    b.args().struct(l.pack(2)).l(n).ptr(s, srcOff).ptr(d, dstOff).i(accumulate ? 1 : 0));
        }
    }

    /** Overwrites n floats of s from off with value (cuMemsetD32Async of its bits). */
    void fill(Storage s, int off, int n, float value) {
        if (n == 0) return;
        b.pick(Op.FILL, KernelRegistry.FILL_MEMSET, name -> true);
        CudaStorage c = b.cuda(s);
        b.touch(c);
        Driver.check(JCudaDriver.cuMemsetD32Async(c.at(off), Float.floatToRawIntBits(value), n, b.stream()), "cuMemsetD32Async");
    }
}
