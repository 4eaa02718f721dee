package aedmae.tensor.cuda;

import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** {@link Fences} as CUDA events (timing disabled, so recording them is cheap), pooled. */
final class CudaFences implements Fences, AutoCloseable {
    private final CUstream stream;
    private final ArrayDeque<CUevent> pool = new ArrayDeque<>();
    private final Map<Long, CUevent> live = new HashMap<>();
    private long next;

    CudaFences(CUstream stream) {
        this.stream = stream;
    }

    @Override
    public synchronized long record() {
        CUevent e = pool.poll();
        if (e == null) {
            e = new CUevent();
            Driver.check(JCudaDriver.cuEventCreate(e, CUevent_flags.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
        }
        Driver.check(JCudaDriver.cuEventRecord(e, stream), "cuEventRecord");
        long id = next++;
        live.put(id, e);
        return id;
    }

    @Override
    public synchronized void await(long fence) {
        CUevent e = live.remove(fence);
        if (e == null) return;
        Driver.check(JCudaDriver.cuEventSynchronize(e), "cuEventSynchronize");
        pool.push(e);
    }

    @Override
    public synchronized void discard(long fence) {
        CUevent e = live.remove(fence);
        if (e != null) pool.push(e);
    }

    @Override
    public synchronized void close() {
        for (CUevent e : live.values()) JCudaDriver.cuEventDestroy(e);
        for (CUevent e : pool) JCudaDriver.cuEventDestroy(e);
        live.clear();
        pool.clear();
    }
}
