package aedmae.tensor.cuda;

import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.JCudaDriver;

/** Device time between two points of the stream, measured with CUDA events. */
public final class CudaTimer implements AutoCloseable {
    private final CudaRuntime backend;
    private final CUevent start = new CUevent(), stop = new CUevent();

    CudaTimer(CudaRuntime backend) {
        this.backend = backend;
        Driver.check(JCudaDriver.cuEventCreate(start, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
        Driver.check(JCudaDriver.cuEventCreate(stop, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
    }

    public void start() {
        Driver.check(JCudaDriver.cuEventRecord(start, backend.stream()), "cuEventRecord");
    }

    public void stop() {
        Driver.check(JCudaDriver.cuEventRecord(stop, backend.stream()), "cuEventRecord");
    }

    /** Milliseconds between start and stop (waits for stop). */
    public float elapsedMillis() {
        Driver.check(JCudaDriver.cuEventSynchronize(stop), "cuEventSynchronize");
        float[] ms = new float[1];
        Driver.check(JCudaDriver.cuEventElapsedTime(ms, start, stop), "cuEventElapsedTime");
        return ms[0];
    }

    @Override
    public void close() {
        JCudaDriver.cuEventDestroy(start);
        JCudaDriver.cuEventDestroy(stop);
    }
}
