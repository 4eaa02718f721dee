package aedmae.tensor.sim;

import aedmae.tensor.Backend;
import aedmae.tensor.BinaryOp;
import aedmae.tensor.Device;
import aedmae.tensor.GemmDesc;
import aedmae.tensor.MemoryArena;
import aedmae.tensor.ModelKernels;
import aedmae.tensor.ReduceOp;
import aedmae.tensor.Storage;
import aedmae.tensor.UnaryOp;
import aedmae.tensor.cpu.CpuBackend;
import aedmae.tensor.cpu.CpuStorage;
import aedmae.tensor.device.AllocatorStats;
import aedmae.tensor.device.BlockReclaimer;
import aedmae.tensor.device.CachingAllocator;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated device ({@code sim}): a {@link Backend} that behaves like a discrete device but
 * runs on the CPU, so that the mistakes a GPU punishes show on a machine without one.
 * <ul>
 *   <li>Its own memory: a {@link SimStorage} has no host array; the host sees values only through
 *       {@link #download} (or {@code Tensor.toArray}, {@code item}), and code that reaches for a
 *       CPU array (casting a storage to {@code CpuStorage}) fails. A storage of another device
 *       passed to a kernel is refused, naming both devices.</li>
 *   <li>Counted transfers ({@link #transfers()}): uploads, downloads and their bytes, so a test
 *       can prove a batch crossed once.</li>
 *   <li>One stream: kernels run in order on one worker thread while the host goes on, and only
 *       the calls that hand data to the host wait for them; a fault is reported at a later call,
 *       as a CUDA fault is.</li>
 *   <li>The CUDA allocator ({@link CachingAllocator}, the same class): size classes, blocks reused
 *       in stream order after {@link #release}, unreachable storages reclaimed; memory handed out
 *       uninitialised is filled with NaN, as garbage would be on a GPU, and a storage used after
 *       its release throws.</li>
 * </ul>
 * The kernels are the CPU backend's, so sim gives the CPU's numbers bit for bit.
 */
public final class SimBackend implements Backend, ModelKernels {
    /** The one simulated device. */
    public static final SimBackend INSTANCE = new SimBackend();

    private final SimQueue queue = new SimQueue("aedmae-sim-stream");
    private final CachingAllocator<float[]> allocator;
    private final BlockReclaimer<CachingAllocator.Block<float[]>> reclaimer;
    private final AtomicLong uploads = new AtomicLong(), uploadBytes = new AtomicLong(),
            downloads = new AtomicLong(), downloadBytes = new AtomicLong(), kernels = new AtomicLong();
    private final CpuBackend cpu = CpuBackend.INSTANCE;

    private SimBackend() {
        long mib = Long.getLong("aedmae.sim.memoryMiB", 4096);
        allocator = new CachingAllocator<>(new SimMemory(mib << 20, this::synchronize), this::collectGarbage);
        reclaimer = new BlockReclaimer<>(allocator::release, allocator);
    }

    BlockReclaimer<CachingAllocator.Block<float[]>> reclaimer() {
        return reclaimer;
    }

    private void collectGarbage() {
        reclaimer.collect();
    }

    @Override
    public Device device() {
        return Device.SIM;
    }

    // ================================================================== control

    /** Waits for every enqueued kernel; reports a failed one. */
    public void synchronize() {
        queue.synchronize();
    }

    /** Transfers and kernels so far (see {@link SimTransfers#since}). */
    public SimTransfers transfers() {
        return new SimTransfers(uploads.get(), uploadBytes.get(), downloads.get(), downloadBytes.get(), kernels.get());
    }

    public AllocatorStats memoryStats() {
        return allocator.stats();
    }

    /** Frees cached blocks (live storages stay). */
    public void emptyCache() {
        reclaimer.drain();
        allocator.emptyCache(); // synchronises first (SimMemory), as before cuMemFree
    }

    // ================================================================== what every call shares

    /** The memory of a storage of this device, checked on the calling thread (null stays null). */
    private CpuStorage mem(Storage s) {
        if (s == null) return null;
        if (!(s instanceof SimStorage ss)) {
            throw new IllegalArgumentException("a storage of " + s.backend().device() + " was passed to the backend of sim "
                    + "(move the tensor with .to(Device.SIM) first)");
        }
        return new CpuStorage(ss.memory());
    }

    private void run(String kernel, Runnable body) {
        kernels.incrementAndGet();
        queue.enqueue(kernel, body);
    }

    private SimStorage allocateRaw(int n) {
        if (n < 0) throw new IllegalArgumentException("negative storage size " + n);
        reclaimer.drain();
        SimStorage s = new SimStorage(this, n, allocator.allocate(4L * Math.max(n, 1)));
        MemoryArena.track(s);
        return s;
    }

    // ================================================================== memory

    @Override
    public Storage allocate(int n) {
        SimStorage s = allocateRaw(n);
        float[] m = s.memory();
        run("fill", () -> Arrays.fill(m, 0, n, 0f));
        return s;
    }

    /** Contents undefined, as on a GPU: NaN, so that a kernel reading what it did not write shows. */
    @Override
    public Storage allocateUninitialized(int n) {
        SimStorage s = allocateRaw(n);
        float[] m = s.memory();
        run("poison", () -> Arrays.fill(m, Float.NaN));
        return s;
    }

    @Override
    public Storage upload(float[] src, int off, int n) {
        SimStorage s = allocateRaw(n);
        uploadInto(s, 0, src, off, n);
        return s;
    }

    /** Overwrites dst[dstOff, dstOff+n) with src[srcOff, srcOff+n), in stream order (a counted upload). */
    public void uploadInto(Storage dst, int dstOff, float[] src, int srcOff, int n) {
        float[] m = mem(dst).data;
        float[] staged = Arrays.copyOfRange(src, srcOff, srcOff + n); // the host may reuse src at once
        uploads.incrementAndGet();
        uploadBytes.addAndGet(4L * n);
        run("upload", () -> System.arraycopy(staged, 0, m, dstOff, n));
    }

    @Override
    public void download(Storage src, int srcOff, float[] dst, int dstOff, int n) {
        float[] m = mem(src).data;
        downloads.incrementAndGet();
        downloadBytes.addAndGet(4L * n);
        float[] staged = queue.await("download", () -> Arrays.copyOfRange(m, srcOff, srcOff + n));
        System.arraycopy(staged, 0, dst, dstOff, n);
    }

    /** The storage is dead: its block goes back to the allocator now, reusable in stream order. */
    @Override
    public void release(Storage s) {
        if (!(s instanceof SimStorage ss)) throw new IllegalArgumentException("sim cannot release " + s);
        ss.close();
    }

    @Override
    public void fill(Storage s, int off, int n, float value) {
        CpuStorage m = mem(s);
        run("fill", () -> cpu.fill(m, off, n, value));
    }

    @Override
    public void copy(int[] shape, Storage src, int srcOff, int[] srcStrides, Storage dst, int dstOff, int[] dstStrides, boolean accumulate) {
        CpuStorage a = mem(src), b = mem(dst);
        int[] sh = shape.clone(), ss = srcStrides.clone(), ds = dstStrides.clone();
        run("copy", () -> cpu.copy(sh, a, srcOff, ss, b, dstOff, ds, accumulate));
    }

    // ================================================================== kernels

    @Override
    public void unary(UnaryOp op, float p0, float p1, Storage x, int xOff, Storage y, int yOff, int n) {
        CpuStorage xs = mem(x), ys = mem(y);
        run("unary", () -> cpu.unary(op, p0, p1, xs, xOff, ys, yOff, n));
    }

    @Override
    public void unaryBackward(UnaryOp op, float p0, float p1, Storage x, int xOff, Storage y, int yOff, Storage dy, int dyOff, Storage dx, int dxOff, int n) {
        CpuStorage xs = mem(x), ys = mem(y), dys = mem(dy), dxs = mem(dx);
        run("unaryBackward", () -> cpu.unaryBackward(op, p0, p1, xs, xOff, ys, yOff, dys, dyOff, dxs, dxOff, n));
    }

    @Override
    public void binary(BinaryOp op, int[] shape, Storage a, int aOff, int[] aStrides, Storage b, int bOff, int[] bStrides, Storage out, int outOff) {
        CpuStorage as = mem(a), bs = mem(b), os = mem(out);
        int[] sh = shape.clone(), sa = aStrides.clone(), sb = bStrides.clone();
        run("binary", () -> cpu.binary(op, sh, as, aOff, sa, bs, bOff, sb, os, outOff));
    }

    @Override
    public void reduce(ReduceOp op, Storage x, int xOff, int outer, int n, int inner, Storage out, int outOff) {
        CpuStorage xs = mem(x), os = mem(out);
        run("reduce", () -> cpu.reduce(op, xs, xOff, outer, n, inner, os, outOff));
    }

    @Override
    public int[] argmax(Storage x, int xOff, int outer, int n, int inner) {
        CpuStorage xs = mem(x);
        downloads.incrementAndGet();
        downloadBytes.addAndGet(4L * outer * inner);
        return queue.await("argmax", () -> cpu.argmax(xs, xOff, outer, n, inner));
    }

    @Override
    public void gemm(GemmDesc g) {
        GemmDesc d = new GemmDesc(g.batch1(), g.batch2(), g.m(), g.n(), g.k(), g.alpha(), g.beta(),
                mem(g.a()), g.aOff(), g.lda(), g.transA(), g.aStride1(), g.aStride2(),
                mem(g.b()), g.bOff(), g.ldb(), g.transB(), g.bStride1(), g.bStride2(),
                mem(g.c()), g.cOff(), g.ldc(), g.cStride1(), g.cStride2());
        run("gemm", () -> cpu.gemm(d));
    }

    @Override
    public void softmax(Storage x, int xOff, Storage y, int yOff, int rows, int cols) {
        CpuStorage xs = mem(x), ys = mem(y);
        run("softmax", () -> cpu.softmax(xs, xOff, ys, yOff, rows, cols));
    }

    @Override
    public void softmaxBackward(Storage y, int yOff, Storage dy, int dyOff, Storage dx, int dxOff, int rows, int cols) {
        CpuStorage ys = mem(y), dys = mem(dy), dxs = mem(dx);
        run("softmaxBackward", () -> cpu.softmaxBackward(ys, yOff, dys, dyOff, dxs, dxOff, rows, cols));
    }

    @Override
    public void layerNorm(Storage x, int xOff, Storage w, Storage b, float eps, int rows, int cols, Storage y, int yOff, Storage mean, Storage rstd) {
        CpuStorage xs = mem(x), ws = mem(w), bs = mem(b), ys = mem(y), ms = mem(mean), rs = mem(rstd);
        run("layerNorm", () -> cpu.layerNorm(xs, xOff, ws, bs, eps, rows, cols, ys, yOff, ms, rs));
    }

    @Override
    public void layerNormBackward(Storage x, int xOff, Storage w, Storage mean, Storage rstd, Storage dy, int dyOff, int rows, int cols, Storage dx, int dxOff, Storage dw, Storage db) {
        CpuStorage xs = mem(x), ws = mem(w), ms = mem(mean), rs = mem(rstd), dys = mem(dy), dxs = mem(dx), dws = mem(dw), dbs = mem(db);
        run("layerNormBackward", () -> cpu.layerNormBackward(xs, xOff, ws, ms, rs, dys, dyOff, rows, cols, dxs, dxOff, dws, dbs));
    }

    @Override
    public void batchNormStats(Storage x, int xOff, int outer, int channels, int inner, Storage mean, Storage var) {
        CpuStorage xs = mem(x), ms = mem(mean), vs = mem(var);
        run("batchNormStats", () -> cpu.batchNormStats(xs, xOff, outer, channels, inner, ms, vs));
    }

    @Override
    public void batchNorm(Storage x, int xOff, Storage mean, Storage var, Storage w, Storage b, float eps, int outer, int channels, int inner, Storage y, int yOff) {
        CpuStorage xs = mem(x), ms = mem(mean), vs = mem(var), ws = mem(w), bs = mem(b), ys = mem(y);
        run("batchNorm", () -> cpu.batchNorm(xs, xOff, ms, vs, ws, bs, eps, outer, channels, inner, ys, yOff));
    }

    @Override
    public void batchNormBackward(Storage x, int xOff, Storage mean, Storage var, Storage w, float eps, boolean batchStats, int outer, int channels, int inner, Storage dy, int dyOff, Storage dx, int dxOff, Storage dw, Storage db) {
        CpuStorage xs = mem(x), ms = mem(mean), vs = mem(var), ws = mem(w), dys = mem(dy), dxs = mem(dx), dws = mem(dw), dbs = mem(db);
        run("batchNormBackward", () -> cpu.batchNormBackward(xs, xOff, ms, vs, ws, eps, batchStats, outer, channels, inner, dys, dyOff, dxs, dxOff, dws, dbs));
    }

    @Override
    public void im2col(Storage x, int xOff, int channels, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage col, int colOff) {
        CpuStorage xs = mem(x), cs = mem(col);
        run("im2col", () -> cpu.im2col(xs, xOff, channels, height, width, kh, kw, sh, sw, ph, pw, outH, outW, cs, colOff));
    }

    @Override
    public void col2im(Storage col, int colOff, int channels, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage dx, int dxOff) {
        CpuStorage cs = mem(col), dxs = mem(dx);
        run("col2im", () -> cpu.col2im(cs, colOff, channels, height, width, kh, kw, sh, sw, ph, pw, outH, outW, dxs, dxOff));
    }

    @Override
    public void depthwiseConv3x3(Storage x, int xOff, Storage w, int wOff, int n, int height, int width, int channels, Storage y, int yOff) {
        CpuStorage xs = mem(x), ws = mem(w), ys = mem(y);
        run("depthwiseConv3x3", () -> cpu.depthwiseConv3x3(xs, xOff, ws, wOff, n, height, width, channels, ys, yOff));
    }

    @Override
    public void depthwiseConv3x3Backward(Storage x, int xOff, Storage w, int wOff, Storage dy, int dyOff, int n, int height, int width, int channels, Storage dx, int dxOff, Storage dw) {
        CpuStorage xs = mem(x), ws = mem(w), dys = mem(dy), dxs = mem(dx), dws = mem(dw);
        run("depthwiseConv3x3Backward", () -> cpu.depthwiseConv3x3Backward(xs, xOff, ws, wOff, dys, dyOff, n, height, width, channels, dxs, dxOff, dws));
    }

    @Override
    public void maxPool2d(Storage x, int xOff, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage y, int yOff, Storage argmax) {
        CpuStorage xs = mem(x), ys = mem(y), as = mem(argmax);
        run("maxPool2d", () -> cpu.maxPool2d(xs, xOff, planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW, ys, yOff, as));
    }

    @Override
    public void maxPool2dBackward(Storage dy, int dyOff, Storage argmax, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage dx, int dxOff) {
        CpuStorage dys = mem(dy), as = mem(argmax), dxs = mem(dx);
        run("maxPool2dBackward", () -> cpu.maxPool2dBackward(dys, dyOff, as, planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW, dxs, dxOff));
    }

    @Override
    public void avgPool2d(Storage x, int xOff, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage y, int yOff) {
        CpuStorage xs = mem(x), ys = mem(y);
        run("avgPool2d", () -> cpu.avgPool2d(xs, xOff, planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW, ys, yOff));
    }

    @Override
    public void avgPool2dBackward(Storage dy, int dyOff, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage dx, int dxOff) {
        CpuStorage dys = mem(dy), dxs = mem(dx);
        run("avgPool2dBackward", () -> cpu.avgPool2dBackward(dys, dyOff, planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW, dxs, dxOff));
    }

    @Override
    public void gather(int[] indexShape, Storage x, int xOff, int[] xStrides, int dim, int[] index, Storage out, int outOff) {
        CpuStorage xs = mem(x), os = mem(out);
        int[] sh = indexShape.clone(), st = xStrides.clone(), ix = index.clone();
        run("gather", () -> cpu.gather(sh, xs, xOff, st, dim, ix, os, outOff));
    }

    @Override
    public void scatter(int[] indexShape, Storage src, int srcOff, int dim, int[] index, Storage out, int outOff, int[] outStrides, boolean accumulate) {
        CpuStorage ss = mem(src), os = mem(out);
        int[] sh = indexShape.clone(), ix = index.clone(), st = outStrides.clone();
        run("scatter", () -> cpu.scatter(sh, ss, srcOff, dim, ix, os, outOff, st, accumulate));
    }

    @Override
    public void indexSelect(Storage x, int xOff, int outer, int n, int inner, int[] index, Storage out, int outOff) {
        CpuStorage xs = mem(x), os = mem(out);
        int[] ix = index.clone();
        run("indexSelect", () -> cpu.indexSelect(xs, xOff, outer, n, inner, ix, os, outOff));
    }

    @Override
    public void indexAdd(Storage dy, int dyOff, int outer, int n, int inner, int[] index, Storage dx, int dxOff) {
        CpuStorage dys = mem(dy), dxs = mem(dx);
        int[] ix = index.clone();
        run("indexAdd", () -> cpu.indexAdd(dys, dyOff, outer, n, inner, ix, dxs, dxOff));
    }

    @Override
    public void medianFilter3x3(Storage x, int xOff, int planes, int height, int width, Storage y, int yOff) {
        CpuStorage xs = mem(x), ys = mem(y);
        run("medianFilter3x3", () -> cpu.medianFilter3x3(xs, xOff, planes, height, width, ys, yOff));
    }

    @Override
    public void adamw(Storage p, int pOff, Storage g, int gOff, Storage m, Storage v, int n, float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2) {
        CpuStorage ps = mem(p), gs = mem(g), ms = mem(m), vs = mem(v);
        run("adamw", () -> cpu.adamw(ps, pOff, gs, gOff, ms, vs, n, lr, beta1, beta2, eps, weightDecay, bc1, bc2));
    }

    @Override
    public void attention(Storage q, int qOff, Storage k, int kOff, Storage v, int vOff, int batch, int tokens, int heads, int headDim, float scale, Storage out, int outOff, Storage lse) {
        CpuStorage qs = mem(q), ks = mem(k), vs = mem(v), os = mem(out), ls = mem(lse);
        run("attention", () -> cpu.attention(qs, qOff, ks, kOff, vs, vOff, batch, tokens, heads, headDim, scale, os, outOff, ls));
    }

    @Override
    public void attentionBackward(Storage q, int qOff, Storage k, int kOff, Storage v, int vOff, Storage out, int outOff, Storage lse, Storage dout, int doutOff, int batch, int tokens, int heads, int headDim, float scale, Storage dq, Storage dk, Storage dv) {
        CpuStorage qs = mem(q), ks = mem(k), vs = mem(v), os = mem(out), ls = mem(lse), dos = mem(dout), dqs = mem(dq), dks = mem(dk), dvs = mem(dv);
        run("attentionBackward", () -> cpu.attentionBackward(qs, qOff, ks, kOff, vs, vOff, os, outOff, ls, dos, doutOff, batch, tokens, heads, headDim, scale, dqs, dks, dvs));
    }

    @Override
    public void motionWeights(Storage gradient, int gOff, Storage anomalyMap, int aOff, int batch, int height, int width, int patch, float floor, Storage weights, int wOff) {
        CpuStorage gs = mem(gradient), as = mem(anomalyMap), ws = mem(weights);
        run("motionWeights", () -> cpu.motionWeights(gs, gOff, as, aOff, batch, height, width, patch, floor, ws, wOff));
    }

    @Override
    public void medianAbsDiff(Storage a, int aOff, Storage b, int bOff, int planes, int height, int width, Storage out, int outOff) {
        CpuStorage as = mem(a), bs = mem(b), os = mem(out);
        run("medianAbsDiff", () -> cpu.medianAbsDiff(as, aOff, bs, bOff, planes, height, width, os, outOff));
    }

    @Override
    public void weightedMse(Storage pred, int predOff, Storage target, int targetOff, int ldt, Storage weights, int wOff,
                            int tokens, int p, float gradScale, Storage tokenLoss, int lossOff, Storage dpred, int dOff) {
        CpuStorage ps = mem(pred), ts = mem(target), ws = mem(weights), ls = mem(tokenLoss), ds = mem(dpred);
        run("weightedMse", () -> cpu.weightedMse(ps, predOff, ts, targetOff, ldt, ws, wOff, tokens, p, gradScale, ls, lossOff, ds, dOff));
    }

    @Override
    public void gatherTokens(Storage x, int xOff, int batch, int tokens, int dim, int[] keep, int kept, Storage out, int outOff) {
        CpuStorage xs = mem(x), os = mem(out);
        int[] k = keep.clone();
        run("gatherTokens", () -> cpu.gatherTokens(xs, xOff, batch, tokens, dim, k, kept, os, outOff));
    }

    @Override
    public void unshuffleTokens(Storage x, int xOff, int batch, int tokens, int kept, int dim, int[] restore, Storage maskToken, int maskOff, Storage out, int outOff) {
        CpuStorage xs = mem(x), ms = mem(maskToken), os = mem(out);
        int[] r = restore.clone();
        run("unshuffleTokens", () -> cpu.unshuffleTokens(xs, xOff, batch, tokens, kept, dim, r, ms, maskOff, os, outOff));
    }

    @Override
    public void patchRows(Storage x, int xOff, int batch, int channels, int height, int width, int patch, int[] keep, int kept, Storage out, int outOff) {
        CpuStorage xs = mem(x), os = mem(out);
        int[] k = keep == null ? null : keep.clone();
        run("patchRows", () -> cpu.patchRows(xs, xOff, batch, channels, height, width, patch, k, kept, os, outOff));
    }

    @Override
    public void stackFramesU8(Storage frames, int framesOff, Storage idxWords, int idxOff, int count, int blockBytes, Storage out, int outOff) {
        CpuStorage fs = mem(frames), is = mem(idxWords), os = mem(out);
        run("stackFramesU8", () -> cpu.stackFramesU8(fs, framesOff, is, idxOff, count, blockBytes, os, outOff));
    }

    @Override
    public void u8ToF32(Storage bytes, int off, int n, float scale, float shift, Storage out, int outOff) {
        CpuStorage bs = mem(bytes), os = mem(out);
        run("u8ToF32", () -> cpu.u8ToF32(bs, off, n, scale, shift, os, outOff));
    }

    @Override
    public String toString() {
        return "SimBackend[simulated discrete device: " + allocator.stats() + "]";
    }
}
