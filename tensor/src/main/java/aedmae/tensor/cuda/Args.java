package aedmae.tensor.cuda;

import aedmae.tensor.device.CachingAllocator;

import aedmae.tensor.Storage;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameter list of one kernel launch, in the kernel's parameter order. Storages passed
 * here are also reported to the backend, which keeps them alive for a graph being captured.
 */
final class Args {
    private static final CUdeviceptr NULL = new CUdeviceptr();
    private final List<NativePointerObject> values = new ArrayList<>();
    private final CudaBackend backend;

    Args(CudaBackend backend) {
        this.backend = backend;
    }

    /** A float pointer to element off of s (s must be a CudaStorage of this backend). */
    Args ptr(Storage s, long off) {
        CudaStorage c = backend.cuda(s);
        backend.rt.touch(c);
        values.add(Pointer.to(c.at(off)));
        return this;
    }

    /** As {@link #ptr}, or a null pointer when s is null. */
    Args ptrOrNull(Storage s, long off) {
        return s == null ? nullPtr() : ptr(s, off);
    }

    Args ptr(CachingAllocator.Block<CUdeviceptr> b) {
        values.add(Pointer.to(b.handle));
        return this;
    }

    Args ptr(DeviceBuffer b) {
        backend.rt.touch(b);
        values.add(Pointer.to(b.pointer()));
        return this;
    }

    Args nullPtr() {
        values.add(Pointer.to(NULL));
        return this;
    }

    Args i(int v) {
        values.add(Pointer.to(new int[]{v}));
        return this;
    }

    Args l(long v) {
        values.add(Pointer.to(new long[]{v}));
        return this;
    }

    Args f(float v) {
        values.add(Pointer.to(new float[]{v}));
        return this;
    }

    Args d(double v) {
        values.add(Pointer.to(new double[]{v}));
        return this;
    }

    /** A struct of 32-bit fields passed by value. */
    Args struct(int[] fields) {
        values.add(Pointer.to(fields.clone()));
        return this;
    }

    Pointer build() {
        return Pointer.to(values.toArray(new NativePointerObject[0]));
    }

    int size() {
        return values.size();
    }
}
