package aedmae.tensor.cuda;

import aedmae.tensor.device.CachingAllocator;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.JCudaDriver;

import java.util.List;

/**
 * A captured sequence of kernels (e.g. the whole inference forward), replayed with one launch.
 * It holds every storage its kernels touched and the blocks released during capture, because
 * each replay writes them again; update inputs between replays with
 * {@link CudaBackend#uploadInto}. Close it to return that memory.
 */
public final class CudaGraph implements AutoCloseable {
    private final CudaRuntime backend;
    private final CUgraph graph;
    private final CUgraphExec exec;
    private final List<Object> keepAlive;
    private final List<CachingAllocator.Block<CUdeviceptr>> retained;
    private final int kernels;
    private boolean closed;

    CudaGraph(CudaRuntime backend, CUgraph graph, CUgraphExec exec, List<Object> keepAlive,
              List<CachingAllocator.Block<CUdeviceptr>> retained, int kernels) {
        this.backend = backend;
        this.graph = graph;
        this.exec = exec;
        this.keepAlive = keepAlive;
        this.retained = retained;
        this.kernels = kernels;
    }

    /** Enqueues one replay on the backend's stream (asynchronous). */
    public void launch() {
        if (closed) throw new IllegalStateException("CUDA graph used after close()");
        backend.launchGraph(exec);
    }

    /** Kernel launches captured. */
    public int kernels() {
        return kernels;
    }

    /** Storages and buffers the graph keeps alive. */
    public int buffers() {
        return keepAlive.size();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        backend.synchronize();
        JCudaDriver.cuGraphExecDestroy(exec);
        JCudaDriver.cuGraphDestroy(graph);
        backend.graphClosed(retained);
        keepAlive.clear();
    }
}
