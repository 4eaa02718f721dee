package aedmae.tensor.cuda;

import aedmae.tensor.device.CachingAllocator;
import aedmae.tensor.device.BlockReclaimer;

import aedmae.tensor.Backend;
import aedmae.tensor.Storage;
import jcuda.driver.CUdeviceptr;

/**
 * A storage in device memory: a block of the caching allocator holding {@link #length()}
 * floats. The block goes back to the allocator on {@link #close()} or, since tensors do not
 * close their storages, when this object becomes unreachable.
 */
public final class CudaStorage extends Storage implements AutoCloseable {
    private final CudaBackend backend;
    private final int length;
    private final BlockReclaimer.Ref<CachingAllocator.Block<CUdeviceptr>> ref;

    CudaStorage(CudaBackend backend, int length, CachingAllocator.Block<CUdeviceptr> block) {
        this.backend = backend;
        this.length = length;
        this.ref = backend.rt.reclaimer().register(this, block);
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public int length() {
        return length;
    }

    /** The device address of element 0; throws once closed. */
    CUdeviceptr pointer() {
        CachingAllocator.Block<CUdeviceptr> b = ref.block();
        if (b == null) throw new IllegalStateException("CUDA storage of " + length + " floats used after close()");
        return b.handle;
    }

    /** The allocator block (null once closed). */
    CachingAllocator.Block<CUdeviceptr> block() {
        return ref.block();
    }

    /** The device address of element {@code offset}. */
    CUdeviceptr at(long offset) {
        return offset == 0 ? pointer() : pointer().withByteOffset(4L * offset);
    }

    /** Returns the device memory now (idempotent); the storage must not be used afterwards. */
    @Override
    public void close() {
        backend.rt.reclaimer().close(ref);
    }

    @Override
    public String toString() {
        return "CudaStorage[" + length + " floats on " + backend.device() + "]";
    }
}
