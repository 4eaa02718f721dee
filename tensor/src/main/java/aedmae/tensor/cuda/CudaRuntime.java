package aedmae.tensor.cuda;

import aedmae.tensor.device.AllocatorStats;
import aedmae.tensor.device.BlockReclaimer;
import aedmae.tensor.device.CachingAllocator;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.JCudaDriver;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the kernel launchers of one device share, behind the {@link CudaBackend} facade: the
 * context and its stream, the caching allocator and the reclaimer of unreachable buffers, the
 * pinned staging ring (uploads and downloads), the index cache, the loaded kernels, the variant
 * dispatch, and graph capture.
 *
 * <p>All work goes to one explicit stream, in order. One thread at a time enqueues work; the
 * lazily created staging ring and the dispatch maps are nevertheless safe to reach from several.
 */
final class CudaRuntime {
    /** Pinned staging for uploads and downloads. */
    static final long RING_BYTES = 64L << 20;

    final CudaContext ctx;
    final CachingAllocator<CUdeviceptr> allocator;
    private final BlockReclaimer<CachingAllocator.Block<CUdeviceptr>> reclaimer;
    final KernelModules modules;
    private final CudaFences fences;
    final IndexCache<CachingAllocator.Block<CUdeviceptr>> indices;
    private Pointer pinned;
    private ByteBuffer pinnedBuffer;
    private PinnedRing ring;

    final Map<Op, String> forced = Collections.synchronizedMap(new EnumMap<>(Op.class));
    final Map<Op, String> last = Collections.synchronizedMap(new EnumMap<>(Op.class));
    volatile Precision matmulPrecision = Precision.TF32;
    volatile boolean checkEveryLaunch;
    private Set<Object> captureKeepAlive;
    private int captureKernels;
    private int liveGraphs;

    CudaRuntime(int deviceIndex) {
        ctx = new CudaContext(deviceIndex);
        allocator = new CachingAllocator<>(new DeviceMemory(ctx), this::collectGarbage);
        reclaimer = new BlockReclaimer<>(allocator::release, allocator);
        modules = new KernelModules();
        fences = new CudaFences(ctx.stream);
        indices = new IndexCache<>(256, 16L << 20, new IndexCache.Uploader<>() {
            @Override
            public CachingAllocator.Block<CUdeviceptr> upload(int[] data) {
                return uploadIndex(data);
            }

            @Override
            public void release(CachingAllocator.Block<CUdeviceptr> block) {
                allocator.release(block);
            }
        });
    }

    BlockReclaimer<CachingAllocator.Block<CUdeviceptr>> reclaimer() {
        return reclaimer;
    }

    /** The stream, with the context made current on the calling thread (every driver call on it comes here first). */
    CUstream stream() {
        ctx.makeCurrent();
        return ctx.stream;
    }

    int multiprocessors() {
        return ctx.info.multiprocessors();
    }

    /** The cap on blocks of a grid-stride launch: plenty to fill the device. */
    int gridCap() {
        return ctx.info.multiprocessors() * 16;
    }

    /** Enqueues a kernel; with {@link #setCheckEveryLaunch} it also waits and checks for faults. */
    void launch(String symbol, Launch g, Args a) {
        ctx.makeCurrent();
        int r = JCudaDriver.cuLaunchKernel(modules.function(symbol), g.gx(), g.gy(), g.gz(), g.bx(), g.by(), g.bz(),
                g.sharedBytes(), ctx.stream, a.build(), null);
        if (r != CUresult.CUDA_SUCCESS) {
            throw new CudaException("launch of " + symbol + " " + g + " failed: " + CUresult.stringFor(r), r);
        }
        if (captureKeepAlive != null) {
            captureKernels++;
        } else if (checkEveryLaunch) {
            r = JCudaDriver.cuStreamSynchronize(ctx.stream);
            if (r != CUresult.CUDA_SUCCESS) throw new CudaException("kernel " + symbol + " " + g + " failed: " + CUresult.stringFor(r), r);
        }
    }

    /** Device scratch of at least {@code bytes}; release with {@link #releaseScratch} once enqueued. */
    CachingAllocator.Block<CUdeviceptr> scratch(long bytes) {
        ctx.makeCurrent();
        reclaimer.drain();
        return allocator.allocate(bytes);
    }

    /** Stream order makes this safe right after the kernels that use the block are enqueued. */
    void releaseScratch(CachingAllocator.Block<CUdeviceptr> b) {
        allocator.release(b);
    }

    /** The device copy of an index array (cached by content); close after enqueueing its kernels. */
    IndexCache.Lease<CachingAllocator.Block<CUdeviceptr>> indices(int[] index) {
        ctx.makeCurrent();
        return indices.get(index);
    }

    /**
     * Records a buffer read or written by a kernel being captured: the graph keeps it reachable,
     * and its block belongs to the graph until the graph is closed (a release meanwhile parks it).
     */
    void touch(Object buffer) {
        if (captureKeepAlive == null) return;
        captureKeepAlive.add(buffer);
        CachingAllocator.Block<CUdeviceptr> b = buffer instanceof CudaStorage s ? s.block() : buffer instanceof DeviceBuffer d ? d.block() : null;
        if (b != null) allocator.adopt(b);
    }

    /** The variant to run: the forced one when set and applicable, else the preferred one. */
    String pick(Op op, String preferred, Predicate<String> applicable) {
        String f = forced.get(op);
        String chosen = f != null && applicable.test(f) ? f : preferred;
        last.put(op, chosen);
        return chosen;
    }

    Precision precision() {
        return matmulPrecision;
    }

    void requireNotCapturing(String what) {
        if (captureKeepAlive != null) {
            throw new IllegalStateException(what + " is not possible during graph capture: it waits for the device. "
                    + "Move it before beginCapture() or after endCapture()");
        }
    }

    private void collectGarbage() {
        reclaimer.collect();
    }

    private CachingAllocator.Block<CUdeviceptr> uploadIndex(int[] data) {
        CachingAllocator.Block<CUdeviceptr> b = allocator.allocate(4L * Math.max(data.length, 1));
        if (data.length == 0) return b;
        if (captureKeepAlive != null) {
            // synchronous, outside the captured stream (relaxed capture mode allows it): the graph
            // then reads the block as a constant
            Driver.check(JCudaDriver.cuMemcpyHtoD(b.handle, Pointer.to(data), 4L * data.length), "cuMemcpyHtoD(index)");
        } else {
            stageUpload(b.handle, 0, data.length, (buf, from, count) -> buf.asIntBuffer().put(data, from, count));
        }
        return b;
    }

    /** Writes count elements starting at element `from` of the source into a staging buffer. */
    interface Stager {
        void put(ByteBuffer buf, int from, int count);
    }

    /** Copies n 4-byte elements to dst + 4*dstOff through the pinned ring, asynchronously. */
    void stageUpload(CUdeviceptr dst, long dstOff, int n, Stager stager) {
        requireNotCapturing("an upload");
        ctx.makeCurrent();
        PinnedRing r = ring();
        int chunk = (int) (r.maxReservation() / 4);
        for (int done = 0; done < n; ) {
            int count = Math.min(chunk, n - done);
            long bytes = 4L * count;
            long off = r.reserve(bytes);
            ByteBuffer view = pinnedBuffer.duplicate();
            view.position((int) off).limit((int) (off + bytes));
            stager.put(view.slice().order(ByteOrder.nativeOrder()), done, count);
            Driver.check(JCudaDriver.cuMemcpyHtoDAsync(dst.withByteOffset(4L * (dstOff + done)), pinned.withByteOffset(off), bytes, ctx.stream),
                    "cuMemcpyHtoDAsync");
            r.commit(off, bytes);
            done += count;
        }
    }

    private synchronized PinnedRing ring() {
        if (ring == null) {
            pinned = new Pointer();
            Driver.check(JCudaDriver.cuMemAllocHost(pinned, RING_BYTES), "cuMemAllocHost(" + RING_BYTES + ")");
            pinnedBuffer = pinned.getByteBuffer(0, RING_BYTES).order(ByteOrder.nativeOrder());
            ring = new PinnedRing(RING_BYTES, fences);
        }
        return ring;
    }

    /** A block of at least bytes (contents undefined), after returning the blocks of collected buffers. */
    CachingAllocator.Block<CUdeviceptr> allocate(long bytes) {
        ctx.makeCurrent();
        reclaimer.drain();
        return allocator.allocate(bytes);
    }

    /** Copies n floats from s at srcOff to the host, through the pinned ring; waits for the stream. */
    void download(CudaStorage s, int srcOff, float[] dst, int dstOff, int n) {
        if (n == 0) return;
        requireNotCapturing("download");
        ctx.makeCurrent();
        PinnedRing r = ring();
        int chunk = (int) (r.maxReservation() / 4);
        for (int done = 0; done < n; ) {
            int count = Math.min(chunk, n - done);
            long bytes = 4L * count;
            long off = r.reserve(bytes);
            Driver.check(JCudaDriver.cuMemcpyDtoHAsync(pinned.withByteOffset(off), s.at(srcOff + (long) done), bytes, ctx.stream),
                    "cuMemcpyDtoHAsync");
            Driver.check(JCudaDriver.cuStreamSynchronize(ctx.stream), "cuStreamSynchronize (download)");
            ByteBuffer view = pinnedBuffer.duplicate();
            view.position((int) off).limit((int) (off + bytes));
            view.slice().order(ByteOrder.nativeOrder()).asFloatBuffer().get(dst, dstOff + done, count);
            done += count;
        }
    }

    void synchronize() {
        requireNotCapturing("synchronize()");
        ctx.synchronize();
    }

    AllocatorStats memoryStats() {
        return allocator.stats();
    }

    void emptyCache() {
        ctx.makeCurrent();
        reclaimer.drain();
        indices.clear();
        allocator.emptyCache();
    }

    int[] kernelResources(String symbol) {
        ctx.makeCurrent();
        return modules.resources(symbol);
    }

    // ================================================================== graphs

    /**
     * Starts capturing: the kernels enqueued from now on form a graph instead of running.
     * Everything the captured code needs must exist already (upload inputs first); calls that
     * wait for the device (download, argmax, synchronize) are refused meanwhile.
     */
    void beginCapture() {
        if (captureKeepAlive != null) throw new IllegalStateException("a graph capture is already running");
        ctx.synchronize();
        reclaimer.drain();
        allocator.beginCapture();
        indices.pin();
        captureKeepAlive = Collections.newSetFromMap(new IdentityHashMap<>());
        captureKernels = 0;
        int r = JCudaDriver.cuStreamBeginCapture(ctx.stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_RELAXED);
        if (r != CUresult.CUDA_SUCCESS) {
            captureKeepAlive = null;
            allocator.releaseRetained(allocator.endCapture());
            indices.unpin();
            Driver.check(r, "cuStreamBeginCapture");
        }
    }

    /** Ends the capture and instantiates the graph. On failure nothing stays captured. */
    CudaGraph endCapture() {
        if (captureKeepAlive == null) throw new IllegalStateException("no graph capture is running");
        CUgraph graph = new CUgraph();
        int r = JCudaDriver.cuStreamEndCapture(ctx.stream, graph);
        List<Object> keep = new ArrayList<>(captureKeepAlive);
        captureKeepAlive = null;
        List<CachingAllocator.Block<CUdeviceptr>> retained = allocator.endCapture();
        CUgraphExec exec = new CUgraphExec();
        if (r == CUresult.CUDA_SUCCESS) {
            r = JCudaDriver.cuGraphInstantiate(exec, graph, 0L);
            if (r != CUresult.CUDA_SUCCESS) JCudaDriver.cuGraphDestroy(graph);
        }
        if (r != CUresult.CUDA_SUCCESS) {
            allocator.releaseRetained(retained);
            indices.unpin();
            throw new CudaException("graph capture failed: " + CUresult.stringFor(r)
                    + " (a call during capture used another stream or waited for the device?)", r);
        }
        liveGraphs++;
        return new CudaGraph(this, graph, exec, keep, retained, captureKernels);
    }

    /** True between beginCapture and endCapture. */
    boolean capturing() {
        return captureKeepAlive != null;
    }

    void launchGraph(CUgraphExec exec) {
        requireNotCapturing("a graph launch");
        ctx.makeCurrent();
        Driver.check(JCudaDriver.cuGraphLaunch(exec, ctx.stream), "cuGraphLaunch");
    }

    void graphClosed(List<CachingAllocator.Block<CUdeviceptr>> retained) {
        allocator.releaseRetained(retained);
        liveGraphs--;
        indices.unpin();
    }
}
