package aedmae.tensor.cuda;

import aedmae.tensor.device.RawMemory;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/** cuMemAlloc and cuMemFree: the raw device memory under the caching allocator. */
final class DeviceMemory implements RawMemory<CUdeviceptr> {
    private final CudaContext ctx;

    DeviceMemory(CudaContext ctx) {
        this.ctx = ctx;
    }

    /** Waits for the stream: cuMemFree must not free a block an enqueued kernel still uses. */
    @Override
    public void synchronize() {
        ctx.synchronize();
    }

    @Override
    public CUdeviceptr allocate(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        int r = JCudaDriver.cuMemAlloc(p, bytes);
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return null;
        Driver.check(r, "cuMemAlloc(" + bytes + " bytes)");
        return p;
    }

    @Override
    public void free(CUdeviceptr handle) {
        Driver.check(JCudaDriver.cuMemFree(handle), "cuMemFree");
    }
}
