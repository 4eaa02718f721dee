package aedmae.tensor.cuda;

import aedmae.tensor.device.CachingAllocator;
import aedmae.tensor.device.BlockReclaimer;

import jcuda.driver.CUdeviceptr;

/**
 * Raw device memory that is not a float storage: int32 index arrays that stay on the device
 * (masks that a captured graph reads and the host rewrites between replays) and uint8 frames.
 * Returned to the allocator on close or when unreachable.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CudaBackend backend;
    private final long bytes;
    private final BlockReclaimer.Ref<CachingAllocator.Block<CUdeviceptr>> ref;

    DeviceBuffer(CudaBackend backend, long bytes, CachingAllocator.Block<CUdeviceptr> block) {
        this.backend = backend;
        this.bytes = bytes;
        this.ref = backend.rt.reclaimer().register(this, block);
    }

    public long bytes() {
        return bytes;
    }

    /** Capacity in int32 elements. */
    public int ints() {
        return (int) (bytes / 4);
    }

    CUdeviceptr pointer() {
        CachingAllocator.Block<CUdeviceptr> b = ref.block();
        if (b == null) throw new IllegalStateException("device buffer of " + bytes + " bytes used after close()");
        return b.handle;
    }

    CudaBackend backend() {
        return backend;
    }

    /** The allocator block (null once closed). */
    CachingAllocator.Block<CUdeviceptr> block() {
        return ref.block();
    }

    @Override
    public void close() {
        backend.rt.reclaimer().close(ref);
    }
}
