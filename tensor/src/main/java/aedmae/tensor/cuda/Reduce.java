package aedmae.tensor.cuda;

import aedmae.tensor.device.CachingAllocator;

import aedmae.tensor.ReduceOp;
import aedmae.tensor.Storage;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

import static aedmae.tensor.cuda.KernelRegistry.REDUCE_ROWS;
import static aedmae.tensor.cuda.KernelRegistry.REDUCE_STRIDED;

/** Reductions over the middle axis of [outer, n, inner] (twin of aedmae.tensor.cpu.Reduce; kernels/reduce.cu). */
final class Reduce {
    private final CudaBackend b;

    Reduce(CudaBackend b) {
        this.b = b;
    }

    /** out[o, i] = reduce_j x[o, j, i]. Reads x; overwrites out. */
    void reduce(ReduceOp op, Storage x, int xOff, int outer, int n, int inner, Storage out, int outOff) {
        if ((long) outer * inner == 0) return;
        String v = b.rt.pick(Op.REDUCE, inner == 1 ? REDUCE_ROWS : REDUCE_STRIDED,
                name -> name.equals(REDUCE_STRIDED) || inner == 1);
        if (v.equals(REDUCE_ROWS)) {
            int threads = threadsFor(n);
            b.rt.launch("reduce_rows", new Launch(Math.min(outer, b.rt.gridCap() * 4), 1, 1, threads, 1, 1, 0),
                    b.args().i(Elementwise.code(op)).i(outer).i(n).ptr(x, xOff).ptr(out, outOff));
        } else {
            b.rt.launch("reduce_strided", Launch.of(Launch.ceilDiv(inner, 32), Math.min(outer, 65535), 1, 32, 8, 1),
                    b.args().i(Elementwise.code(op)).i(outer).i(n).i(inner).ptr(x, xOff).ptr(out, outOff));
        }
    }

    /** A block size for a row of n elements: whole warps, at most 256. */
    static int threadsFor(int n) {
        return Math.max(32, Math.min(256, (n + 31) / 32 * 32));
    }

    /** Index of the maximum of x[o, :, i], to the host. Waits for the device. */
    int[] argmax(Storage x, int xOff, int outer, int n, int inner) {
        b.rt.requireNotCapturing("argmax");
        int count = outer * inner;
        int[] idx = new int[count];
        if (count == 0) return idx;
        b.rt.pick(Op.ARGMAX, "reduce.argmax", v -> true);
        CachingAllocator.Block<CUdeviceptr> out = b.rt.scratch(4L * count);
        try {
            b.rt.launch("argmax", Launch.linear(count, 256, b.rt.gridCap()),
                    b.args().i(outer).i(n).i(inner).ptr(x, xOff).ptr(out));
            Driver.check(JCudaDriver.cuStreamSynchronize(b.rt.stream()), "cuStreamSynchronize (argmax)");
            Driver.check(JCudaDriver.cuMemcpyDtoH(Pointer.to(idx), out.handle, 4L * count), "cuMemcpyDtoH (argmax)");
        } finally {
            b.rt.releaseScratch(out);
        }
        return idx;
    }
}
