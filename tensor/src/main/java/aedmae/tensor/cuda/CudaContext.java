package aedmae.tensor.cuda;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;

/**
 * A device's primary context and the one stream all work of the backend goes to. The stream is
 * created non-blocking: it never synchronises with the legacy null stream, and it can be
 * captured into a CUDA graph (the null stream cannot).
 */
final class CudaContext implements AutoCloseable {
    final int index;
    final CUdevice device = new CUdevice();
    final CUcontext context = new CUcontext();
    final CUstream stream = new CUstream();
    final DeviceInfo info;
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);

    CudaContext(int index) {
        this.index = index;
        Driver.check(JCudaDriver.cuInit(0), "cuInit");
        int[] count = new int[1];
        Driver.check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (index < 0 || index >= count[0]) {
            throw new CudaException("no CUDA device " + index + " (this machine has " + count[0] + ")");
        }
        Driver.check(JCudaDriver.cuDeviceGet(device, index), "cuDeviceGet");
        Driver.check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        makeCurrent();
        Driver.check(JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        info = readInfo();
    }

    /** Binds the context to the calling thread (once per thread). */
    void makeCurrent() {
        if (!current.get()) {
            Driver.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            current.set(true);
        }
    }

    void synchronize() {
        makeCurrent();
        Driver.check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    private int attr(int a) {
        int[] v = new int[1];
        Driver.check(JCudaDriver.cuDeviceGetAttribute(v, a, device), "cuDeviceGetAttribute(" + a + ")");
        return v[0];
    }

    /** An attribute only reports use (clock rates: deprecated in newer drivers): 0 when unavailable. */
    private int optionalAttr(int a) {
        int[] v = new int[1];
        return JCudaDriver.cuDeviceGetAttribute(v, a, device) == jcuda.driver.CUresult.CUDA_SUCCESS ? v[0] : 0;
    }

    private DeviceInfo readInfo() {
        byte[] name = new byte[256];
        Driver.check(JCudaDriver.cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
        int len = 0;
        while (len < name.length && name[len] != 0) len++;
        long[] mem = new long[1];
        Driver.check(JCudaDriver.cuDeviceTotalMem(mem, device), "cuDeviceTotalMem");
        int[] drv = new int[1];
        Driver.check(JCudaDriver.cuDriverGetVersion(drv), "cuDriverGetVersion");
        return new DeviceInfo(new String(name, 0, len, StandardCharsets.US_ASCII),
                attr(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                attr(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                attr(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
                mem[0],
                attr(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN),
                optionalAttr(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE),
                optionalAttr(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE),
                optionalAttr(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH),
                drv[0]);
    }

    @Override
    public void close() {
        makeCurrent();
        JCudaDriver.cuStreamSynchronize(stream);
        JCudaDriver.cuStreamDestroy(stream);
        JCudaDriver.cuDevicePrimaryCtxRelease(device);
    }
}
