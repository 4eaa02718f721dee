package aedmae.tensor.cuda;

import aedmae.tensor.device.AllocatorStats;

import aedmae.tensor.Backend;
import aedmae.tensor.BinaryOp;
import aedmae.tensor.Device;
import aedmae.tensor.GemmDesc;
import aedmae.tensor.ModelKernels;
import aedmae.tensor.ReduceOp;
import aedmae.tensor.Storage;
import aedmae.tensor.UnaryOp;

/**
 * {@link Backend} and {@link ModelKernels} on one CUDA device: a facade. Like CpuBackend it
 * unwraps storages and forwards to one launcher per kernel file; what the launchers share (the
 * context and its stream, the caching allocator, the pinned staging ring, the index cache, the
 * loaded kernels, the variant dispatch and graph capture) is the {@link CudaRuntime}.
 *
 * <p>All work goes to one explicit stream, in order; a call returns once its work is enqueued,
 * except the few that hand data to the host (download, argmax), which wait for it.
 *
 * <p>Threads: one thread at a time enqueues work (the thread that runs the model; the data
 * loader builds batches on the host and never calls in). The state created lazily (the pinned
 * staging ring) and the dispatch maps are nevertheless safe to reach from several threads;
 * the stream's order is only meaningful from one.
 *
 * <p>Found by {@link aedmae.tensor.Backends} through reflection: {@link #isAvailable()},
 * {@link #unavailableReason()} and {@link #open(int)} never load JCuda's natives unless asked.
 */
public final class CudaBackend implements Backend, ModelKernels {
    /** Context, stream, allocator, staging, dispatch and graphs. */
    final CudaRuntime rt;

    final Copy copy;
    final Elementwise elementwise;
    final Reduce reduce;
    final Gemm gemm;
    final Softmax softmax;
    final LayerNorm layerNorm;
    final BatchNorm batchNorm;
    final Im2col im2col;
    final DepthwiseConv3x3 depthwise;
    final Pool2d pool;
    final Indexing indexing;
    final MedianFilter3x3 median;
    final AdamW adamw;
    final Attention attention;
    final MotionWeights motion;

    private CudaBackend(int deviceIndex) {
        rt = new CudaRuntime(deviceIndex);
        copy = new Copy(this);
        elementwise = new Elementwise(this);
        reduce = new Reduce(this);
        gemm = new Gemm(this, rt.modules);
        softmax = new Softmax(this);
        layerNorm = new LayerNorm(this);
        batchNorm = new BatchNorm(this);
        im2col = new Im2col(this);
        depthwise = new DepthwiseConv3x3(this);
        pool = new Pool2d(this);
        indexing = new Indexing(this);
        median = new MedianFilter3x3(this);
        adamw = new AdamW(this);
        attention = new Attention(this);
        motion = new MotionWeights(this);
    }

    // ================================================================== discovery (used by Backends)

    /** True when a CUDA device, its driver and our kernels are all here; never throws. */
    public static boolean isAvailable() {
        return CudaAvailability.isAvailable();
    }

    /** Why CUDA cannot be used, in one line; null when it can. Never throws. */
    public static String unavailableReason() {
        return CudaAvailability.unavailableReason();
    }

    /** Opens device {@code deviceIndex}: context, stream, all kernel modules. */
    public static CudaBackend open(int deviceIndex) {
        String reason = unavailableReason();
        if (reason != null) throw new IllegalStateException("CUDA is not available: " + reason);
        return new CudaBackend(deviceIndex);
    }

    // ================================================================== what the launchers share

    CudaStorage cuda(Storage s) {
        if (s instanceof CudaStorage c && c.backend() == this) return c;
        throw new IllegalArgumentException("a storage of " + (s == null ? "null" : s.backend().device()) + " was passed to the backend of " + device());
    }

    Args args() {
        return new Args(this);
    }

    // ================================================================== memory (Backend)

    @Override
    public Device device() {
        return Device.cuda(rt.ctx.index);
    }

    /** A storage of n floats with undefined contents. */
    CudaStorage allocateRaw(int n) {
        if (n < 0) throw new IllegalArgumentException("negative storage size " + n);
        return new CudaStorage(this, n, rt.allocate(4L * Math.max(n, 1)));
    }

    @Override
    public Storage allocate(int n) {
        CudaStorage s = allocateRaw(n);
        if (n > 0) copy.fill(s, 0, n, 0f);
        aedmae.tensor.MemoryArena.track(s);
        return s;
    }

    @Override
    public Storage upload(float[] src, int off, int n) {
        CudaStorage s = allocateRaw(n);
        uploadInto(s, 0, src, off, n);
        aedmae.tensor.MemoryArena.track(s);
        return s;
    }

    /** Contents undefined: for outputs a kernel overwrites entirely. Tracked by the current MemoryArena. */
    @Override
    public Storage allocateUninitialized(int n) {
        CudaStorage s = allocateRaw(n);
        aedmae.tensor.MemoryArena.track(s);
        return s;
    }

    /** A MemoryArena declared the storage dead: its block goes back to the caching allocator now. */
    @Override
    public void release(Storage s) {
        ((CudaStorage) s).close();
    }

    /** Overwrites dst[dstOff, dstOff+n) with src[srcOff, srcOff+n): e.g. a graph's input before a replay. */
    public void uploadInto(Storage dst, int dstOff, float[] src, int srcOff, int n) {
        if (n == 0) return;
        CudaStorage d = cuda(dst);
        rt.stageUpload(d.pointer(), dstOff, n, (buf, from, count) -> buf.asFloatBuffer().put(src, srcOff + from, count));
    }

    @Override
    public void download(Storage src, int srcOff, float[] dst, int dstOff, int n) {
        rt.download(cuda(src), srcOff, dst, dstOff, n);
    }

    @Override
    public void fill(Storage s, int off, int n, float value) {
        copy.fill(s, off, n, value);
    }

    @Override
    public void copy(int[] shape, Storage src, int srcOff, int[] srcStrides, Storage dst, int dstOff, int[] dstStrides, boolean accumulate) {
        copy.copy(shape, src, srcOff, srcStrides, dst, dstOff, dstStrides, accumulate);
    }

    // ================================================================== kernels (Backend)

    @Override
    public void unary(UnaryOp op, float p0, float p1, Storage x, int xOff, Storage y, int yOff, int n) {
        elementwise.unary(op, p0, p1, x, xOff, y, yOff, n);
    }

    @Override
    public void unaryBackward(UnaryOp op, float p0, float p1, Storage x, int xOff, Storage y, int yOff, Storage dy, int dyOff, Storage dx, int dxOff, int n) {
        elementwise.unaryBackward(op, p0, p1, x, xOff, y, yOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    public void binary(BinaryOp op, int[] shape, Storage a, int aOff, int[] aStrides, Storage b, int bOff, int[] bStrides, Storage out, int outOff) {
        elementwise.binary(op, shape, a, aOff, aStrides, b, bOff, bStrides, out, outOff);
    }

    @Override
    public void reduce(ReduceOp op, Storage x, int xOff, int outer, int n, int inner, Storage out, int outOff) {
        reduce.reduce(op, x, xOff, outer, n, inner, out, outOff);
    }

    @Override
    public int[] argmax(Storage x, int xOff, int outer, int n, int inner) {
        return reduce.argmax(x, xOff, outer, n, inner);
    }

    @Override
    public void gemm(GemmDesc g) {
        gemm.gemm(g, Epilogue.NONE);
    }

    @Override
    public void softmax(Storage x, int xOff, Storage y, int yOff, int rows, int cols) {
        softmax.forward(x, xOff, y, yOff, rows, cols);
    }

    @Override
    public void softmaxBackward(Storage y, int yOff, Storage dy, int dyOff, Storage dx, int dxOff, int rows, int cols) {
        softmax.backward(y, yOff, dy, dyOff, dx, dxOff, rows, cols);
    }

    @Override
    public void layerNorm(Storage x, int xOff, Storage w, Storage b, float eps, int rows, int cols, Storage y, int yOff, Storage mean, Storage rstd) {
        layerNorm.forward(x, xOff, w, b, eps, rows, cols, y, yOff, mean, rstd);
    }

    @Override
    public void layerNormBackward(Storage x, int xOff, Storage w, Storage mean, Storage rstd, Storage dy, int dyOff, int rows, int cols, Storage dx, int dxOff, Storage dw, Storage db) {
        layerNorm.backward(x, xOff, w, mean, rstd, dy, dyOff, rows, cols, dx, dxOff, dw, db);
    }

    @Override
    public void batchNormStats(Storage x, int xOff, int outer, int channels, int inner, Storage mean, Storage var) {
        batchNorm.stats(x, xOff, outer, channels, inner, mean, var);
    }

    @Override
    public void batchNorm(Storage x, int xOff, Storage mean, Storage var, Storage w, Storage b, float eps, int outer, int channels, int inner, Storage y, int yOff) {
        batchNorm.forward(x, xOff, mean, var, w, b, eps, outer, channels, inner, y, yOff);
    }

    @Override
    public void batchNormBackward(Storage x, int xOff, Storage mean, Storage var, Storage w, float eps, boolean batchStats, int outer, int channels, int inner, Storage dy, int dyOff, Storage dx, int dxOff, Storage dw, Storage db) {
        batchNorm.backward(x, xOff, mean, var, w, eps, batchStats, outer, channels, inner, dy, dyOff, dx, dxOff, dw, db);
    }

    @Override
    public void im2col(Storage x, int xOff, int channels, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage col, int colOff) {
        im2col.im2col(x, xOff, channels, height, width, kh, kw, sh, sw, ph, pw, outH, outW, col, colOff);
    }

    @Override
    public void col2im(Storage col, int colOff, int channels, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage dx, int dxOff) {
        im2col.col2im(col, colOff, channels, height, width, kh, kw, sh, sw, ph, pw, outH, outW, dx, dxOff);
    }

    @Override
    public void depthwiseConv3x3(Storage x, int xOff, Storage w, int wOff, int n, int height, int width, int channels, Storage y, int yOff) {
        depthwise.forward(x, xOff, w, wOff, null, 0, n, height, width, channels, y, yOff);
    }

    @Override
    public void depthwiseConv3x3Backward(Storage x, int xOff, Storage w, int wOff, Storage dy, int dyOff, int n, int height, int width, int channels, Storage dx, int dxOff, Storage dw) {
        depthwise.backward(x, xOff, w, wOff, dy, dyOff, n, height, width, channels, dx, dxOff, dw);
    }

    @Override
    public void maxPool2d(Storage x, int xOff, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage y, int yOff, Storage argmax) {
        pool.maxForward(x, xOff, planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW, y, yOff, argmax);
    }

    @Override
    public void maxPool2dBackward(Storage dy, int dyOff, Storage argmax, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage dx, int dxOff) {
        pool.maxBackward(dy, dyOff, argmax, planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW, dx, dxOff);
    }

    @Override
    public void avgPool2d(Storage x, int xOff, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage y, int yOff) {
        pool.avgForward(x, xOff, planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW, y, yOff);
    }

    @Override
    public void avgPool2dBackward(Storage dy, int dyOff, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage dx, int dxOff) {
        pool.avgBackward(dy, dyOff, planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW, dx, dxOff);
    }

    @Override
    public void gather(int[] indexShape, Storage x, int xOff, int[] xStrides, int dim, int[] index, Storage out, int outOff) {
        indexing.gather(indexShape, x, xOff, xStrides, dim, index, out, outOff);
    }

    @Override
    public void scatter(int[] indexShape, Storage src, int srcOff, int dim, int[] index, Storage out, int outOff, int[] outStrides, boolean accumulate) {
        indexing.scatter(indexShape, src, srcOff, dim, index, out, outOff, outStrides, accumulate);
    }

    @Override
    public void indexSelect(Storage x, int xOff, int outer, int n, int inner, int[] index, Storage out, int outOff) {
        indexing.indexSelect(x, xOff, outer, n, inner, index, out, outOff);
    }

    @Override
    public void indexAdd(Storage dy, int dyOff, int outer, int n, int inner, int[] index, Storage dx, int dxOff) {
        indexing.indexAdd(dy, dyOff, outer, n, inner, index, dx, dxOff);
    }

    @Override
    public void medianFilter3x3(Storage x, int xOff, int planes, int height, int width, Storage y, int yOff) {
        median.forward(x, xOff, planes, height, width, y, yOff);
    }

    @Override
    public void adamw(Storage p, int pOff, Storage g, int gOff, Storage m, Storage v, int n, float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2) {
        adamw.step(p, pOff, g, gOff, m, v, n, lr, beta1, beta2, eps, weightDecay, bc1, bc2);
    }

    @Override
    public void attention(Storage q, int qOff, Storage k, int kOff, Storage v, int vOff, int batch, int tokens, int heads, int headDim, float scale, Storage out, int outOff, Storage lse) {
        attention.forward(q, qOff, k, kOff, v, vOff, batch, tokens, heads, headDim, scale, out, outOff, lse);
    }

    @Override
    public void attentionBackward(Storage q, int qOff, Storage k, int kOff, Storage v, int vOff, Storage out, int outOff, Storage lse, Storage dout, int doutOff, int batch, int tokens, int heads, int headDim, float scale, Storage dq, Storage dk, Storage dv) {
        attention.backward(q, qOff, k, kOff, v, vOff, out, outOff, lse, dout, doutOff, batch, tokens, heads, headDim, scale, dq, dk, dv);
    }

    @Override
    public void motionWeights(Storage gradient, int gOff, Storage anomalyMap, int aOff, int batch, int height, int width, int patch, float floor, Storage weights, int wOff) {
        motion.weights(gradient, gOff, anomalyMap, aOff, batch, height, width, patch, floor, weights, wOff);
    }

    // ================================================================== fused model kernels (CUDA only)

    /** GEMM with a fused epilogue (bias, GELU, residual): see {@link Epilogue}. */
    public void gemm(GemmDesc g, Epilogue epilogue) {
        gemm.gemm(g, epilogue);
    }

    /**
     * Depthwise 3x3 convolution plus a per-channel bias: with BatchNorm folded into w and bias,
     * the inference form of the CvT projection. x, y [N, H, W, C]; w [C, 3, 3]; bias [C].
     */
    public void depthwiseConv3x3Bias(Storage x, int xOff, Storage w, int wOff, Storage bias, int biasOff,
                                     int n, int height, int width, int channels, Storage y, int yOff) {
        depthwise.forward(x, xOff, w, wOff, bias, biasOff, n, height, width, channels, y, yOff);
    }

    /**
     * Rows of the patch-embedding GEMM for kept patches only: out [B, Lk, C*p*p] from
     * x [B, C, H, W] and keep [B, Lk] token ids ((h, w) order; null keeps all L in order).
     */
    public void patchRows(Storage x, int xOff, int batch, int channels, int height, int width, int patch,
                          DeviceBuffer keep, int kept, Storage out, int outOff) {
        im2col.patchRows(x, xOff, batch, channels, height, width, patch, keep, kept, out, outOff);
    }

    @Override
    public void stackFramesU8(Storage frames, int framesOff, Storage idxWords, int idxOff, int count, int blockBytes, Storage out, int outOff) {
        im2col.stackFramesU8(frames, framesOff, idxWords, idxOff, count, blockBytes, out, outOff);
    }

    @Override
    public void u8ToF32(Storage bytes, int off, int n, float scale, float shift, Storage out, int outOff) {
        im2col.u8ToF32(bytes, off, n, scale, shift, out, outOff);
    }

    /**
     * The patch-embedding rows of kept patches straight from uint8 frames [F, 3, H, W] (sample b
     * stacks frames idx[3b..3b+2]): out [B, Lk, 9*p*p], as patchRows of the stackFramesU8 output
     * but without writing the 9-channel float stack. keep null: all tokens in order.
     */
    public void patchRowsFromFrames(DeviceBuffer frames, DeviceBuffer idx, int batch, int height, int width, int patch,
                                    DeviceBuffer keep, int kept, Storage out, int outOff) {
        im2col.patchRowsFromFrames(frames, idx, batch, height, width, patch, keep, kept, out, outOff);
    }

    /** out[b, j, :] = x[b, keep[b, j], :] for x [B, L, D], keep [B, Lk], out [B, Lk, D]. */
    public void gatherTokens(Storage x, int xOff, int batch, int tokens, int dim, DeviceBuffer keep, int kept, Storage out, int outOff) {
        indexing.gatherTokens(x, xOff, batch, tokens, dim, keep, kept, out, outOff);
    }

    /**
     * The decoder input: x [B, 1+Lk, D] ([CLS] then kept tokens in shuffled order), restore [B, L]
     * (each position's index in the shuffled order), maskToken [D] -> out [B, 1+L, D].
     */
    public void unshuffleTokens(Storage x, int xOff, int batch, int tokens, int kept, int dim, DeviceBuffer restore,
                                Storage maskToken, int maskOff, Storage out, int outOff) {
        indexing.unshuffleTokens(x, xOff, batch, tokens, kept, dim, restore, maskToken, maskOff, out, outOff);
    }

    @Override
    public void medianAbsDiff(Storage a, int aOff, Storage b, int bOff, int planes, int height, int width, Storage out, int outOff) {
        median.absDiff(a, aOff, b, bOff, planes, height, width, out, outOff);
    }

    @Override
    public void weightedMse(Storage pred, int predOff, Storage target, int targetOff, int ldt, Storage weights, int wOff,
                            int tokens, int p, float gradScale, Storage tokenLoss, int lossOff, Storage dpred, int dOff) {
        motion.weightedMse(pred, predOff, target, targetOff, ldt, weights, wOff, tokens, p, gradScale, tokenLoss, lossOff, dpred, dOff);
    }

    @Override
    public void gatherTokens(Storage x, int xOff, int batch, int tokens, int dim, int[] keep, int kept, Storage out, int outOff) {
        try (DeviceBuffer k = uploadInts(keep)) { // released in stream order, after the kernel
            gatherTokens(x, xOff, batch, tokens, dim, k, kept, out, outOff);
        }
    }

    @Override
    public void unshuffleTokens(Storage x, int xOff, int batch, int tokens, int kept, int dim, int[] restore, Storage maskToken, int maskOff, Storage out, int outOff) {
        try (DeviceBuffer r = uploadInts(restore)) {
            unshuffleTokens(x, xOff, batch, tokens, kept, dim, r, maskToken, maskOff, out, outOff);
        }
    }

    @Override
    public void patchRows(Storage x, int xOff, int batch, int channels, int height, int width, int patch, int[] keep, int kept, Storage out, int outOff) {
        if (keep == null) {
            patchRows(x, xOff, batch, channels, height, width, patch, (DeviceBuffer) null, kept, out, outOff);
            return;
        }
        try (DeviceBuffer k = uploadInts(keep)) {
            patchRows(x, xOff, batch, channels, height, width, patch, k, kept, out, outOff);
        }
    }

    // ================================================================== device buffers

    /** int32 values on the device (an index the host can rewrite between graph replays). */
    public DeviceBuffer uploadInts(int[] values) {
        DeviceBuffer b = new DeviceBuffer(this, 4L * values.length, rt.allocate(4L * Math.max(1, values.length)));
        uploadInto(b, values);
        return b;
    }

    /** Overwrites the first values.length ints of b (asynchronously, in stream order). */
    public void uploadInto(DeviceBuffer b, int[] values) {
        if (values.length * 4L > b.bytes()) throw new IllegalArgumentException(values.length + " ints do not fit a buffer of " + b.bytes() + " bytes");
        if (values.length == 0) return;
        rt.stageUpload(b.pointer(), 0, values.length, (buf, from, count) -> buf.asIntBuffer().put(values, from, count));
    }

    /** Bytes on the device (uint8 frames, uploaded once). n must be a multiple of 4 for the staging path; the tail is copied too. */
    public DeviceBuffer uploadBytes(byte[] src, int off, int n) {
        DeviceBuffer b = new DeviceBuffer(this, n, rt.allocate(Math.max(4L, n)));
        int words = n / 4;
        rt.stageUpload(b.pointer(), 0, words, (buf, from, count) -> buf.put(src, off + 4 * from, 4 * count));
        int tail = n - 4 * words;
        if (tail > 0) {
            byte[] last = new byte[4];
            System.arraycopy(src, off + 4 * words, last, 0, tail);
            rt.stageUpload(b.pointer(), words, 1, (buf, from, count) -> buf.put(last, 0, 4));
        }
        return b;
    }

    // ================================================================== control

    /** The device as the driver reports it. */
    public DeviceInfo info() {
        return rt.ctx.info;
    }

    /** Waits for all enqueued work. */
    public void synchronize() {
        rt.synchronize();
    }

    public AllocatorStats memoryStats() {
        return rt.memoryStats();
    }

    /** Frees cached device blocks (live storages stay). */
    public void emptyCache() {
        rt.emptyCache();
    }

    /** Index arrays held on the device. */
    public int cachedIndexArrays() {
        return rt.indices.size();
    }

    /** Precision of GEMM and attention kernels: FP32 (exact), TF32 (default) or BF16. */
    public void setMatmulPrecision(Precision p) {
        rt.matmulPrecision = p;
    }

    public Precision matmulPrecision() {
        return rt.matmulPrecision;
    }

    /** Waits after every launch and checks it, naming the kernel that faulted (tests; slow). */
    public void setCheckEveryLaunch(boolean on) {
        rt.checkEveryLaunch = on;
    }

    /**
     * Forces a kernel variant (by registry name) wherever it applies, until the returned handle
     * is closed. For tests and benchmarks; the dispatcher's own choice is used otherwise.
     */
    public AutoCloseable force(String variantName) {
        KernelVariant v = KernelRegistry.byName(variantName);
        String before = rt.forced.put(v.op(), v.name());
        return () -> {
            if (before == null) rt.forced.remove(v.op());
            else rt.forced.put(v.op(), before);
        };
    }

    /** The variant the last call of op ran (null before the first). */
    public String lastVariant(Op op) {
        return rt.last.get(op);
    }

    /** A timer on this backend's stream. */
    public CudaTimer timer() {
        rt.ctx.makeCurrent();
        return new CudaTimer(rt);
    }

    /** Registers, local memory (spill) bytes and static shared memory of a kernel entry point. */
    public int[] kernelResources(String symbol) {
        return rt.kernelResources(symbol);
    }

    // ================================================================== graphs

    /**
     * Starts capturing: the kernels enqueued from now on form a graph instead of running.
     * Everything the captured code needs must exist already (upload inputs first); calls that
     * wait for the device (download, argmax, synchronize) are refused meanwhile.
     */
    public void beginCapture() {
        rt.beginCapture();
    }

    /** Ends the capture and instantiates the graph. On failure nothing stays captured. */
    public CudaGraph endCapture() {
        return rt.endCapture();
    }

    /** True between beginCapture and endCapture. */
    public boolean capturing() {
        return rt.capturing();
    }

    @Override
    public String toString() {
        return "CudaBackend[" + device() + ": " + rt.ctx.info + "]";
    }
}
