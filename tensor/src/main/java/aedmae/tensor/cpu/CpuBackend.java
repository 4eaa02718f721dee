package aedmae.tensor.cpu;

import aedmae.tensor.Backend;
import aedmae.tensor.BinaryOp;
import aedmae.tensor.Device;
import aedmae.tensor.GemmDesc;
import aedmae.tensor.ModelKernels;
import aedmae.tensor.ReduceOp;
import aedmae.tensor.Storage;
import aedmae.tensor.UnaryOp;

/**
 * The CPU backend: heap float arrays and the kernel classes of this package, each the CPU twin
 * of a CUDA kernel in kernels/. This class only unwraps storages and forwards.
 */
public final class CpuBackend implements Backend, ModelKernels {
    public static final CpuBackend INSTANCE = new CpuBackend();
    private static final Backend PROFILED = aedmae.tensor.Profiler.wrap(INSTANCE);

    private CpuBackend() {}

    /** The backend CPU storages report: this one, or its profiling wrapper while profiling is on. */
    public static Backend active() {
        return aedmae.tensor.Profiler.enabled() ? PROFILED : INSTANCE;
    }

    private static float[] d(Storage s) {
        if (s == null) return null;
        if (s instanceof CpuStorage c) return c.data;
        throw new IllegalArgumentException("a storage of " + s.backend().device() + " was passed to the backend of cpu "
                + "(copy it to the host with .to(Device.CPU) or download first)");
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    private final CpuMemoryPool pool = new CpuMemoryPool();

    @Override
    public Storage allocate(int n) {
        CpuStorage s = new CpuStorage(pool.take(n));
        aedmae.tensor.MemoryArena.track(s);
        return s;
    }

    @Override
    public Storage allocateUninitialized(int n) {
        CpuStorage s = new CpuStorage(pool.take(n, false));
        aedmae.tensor.MemoryArena.track(s);
        return s;
    }

    @Override
    public Storage upload(float[] src, int off, int n) {
        Storage s = allocateUninitialized(n);
        System.arraycopy(src, off, d(s), 0, n);
        return s;
    }

    @Override
    public void release(Storage s) {
        pool.give(d(s));
    }

    /** Pool statistics: {hits, misses, bytes held}. */
    public long[] poolStats() {
        return pool.stats();
    }

    @Override
    public void download(Storage src, int srcOff, float[] dst, int dstOff, int n) {
        System.arraycopy(d(src), srcOff, dst, dstOff, n);
    }

    @Override
    public void fill(Storage s, int off, int n, float value) {
        java.util.Arrays.fill(d(s), off, off + n, value);
    }

    @Override
    public void copy(int[] shape, Storage src, int srcOff, int[] srcStrides, Storage dst, int dstOff, int[] dstStrides, boolean accumulate) {
        Copy.copy(shape, d(src), srcOff, srcStrides, d(dst), dstOff, dstStrides, accumulate);
    }

    @Override
    public void unary(UnaryOp op, float p0, float p1, Storage x, int xOff, Storage y, int yOff, int n) {
        Elementwise.unary(op, p0, p1, d(x), xOff, d(y), yOff, n);
    }

    @Override
    public void unaryBackward(UnaryOp op, float p0, float p1, Storage x, int xOff, Storage y, int yOff, Storage dy, int dyOff, Storage dx, int dxOff, int n) {
        Elementwise.unaryBackward(op, p0, p1, d(x), xOff, d(y), yOff, d(dy), dyOff, d(dx), dxOff, n);
    }

    @Override
    public void binary(BinaryOp op, int[] shape, Storage a, int aOff, int[] aStrides, Storage b, int bOff, int[] bStrides, Storage out, int outOff) {
        Elementwise.binary(op, shape, d(a), aOff, aStrides, d(b), bOff, bStrides, d(out), outOff);
    }

    @Override
    public void reduce(ReduceOp op, Storage x, int xOff, int outer, int n, int inner, Storage out, int outOff) {
        Reduce.reduce(op, d(x), xOff, outer, n, inner, d(out), outOff);
    }

    @Override
    public int[] argmax(Storage x, int xOff, int outer, int n, int inner) {
        return Reduce.argmax(d(x), xOff, outer, n, inner);
    }

    @Override
    public void gemm(GemmDesc g) {
        Gemm.gemm(g);
    }

    @Override
    public void gemmBias(GemmDesc g, Storage bias, int biasOff) {
        if (g.batch() != 1) throw new IllegalArgumentException("gemmBias takes one product; got batch " + g.batch());
        Gemm.gemmBias(g, d(bias), biasOff);
    }

    @Override
    public void gemmBiasGelu(GemmDesc g, Storage bias, int biasOff) {
        if (g.batch() != 1) throw new IllegalArgumentException("gemmBiasGelu takes one product; got batch " + g.batch());
        Gemm.gemmBias(g, d(bias), biasOff, true);
    }

    @Override
    public void softmax(Storage x, int xOff, Storage y, int yOff, int rows, int cols) {
        Softmax.forward(d(x), xOff, d(y), yOff, rows, cols);
    }

    @Override
    public void softmaxBackward(Storage y, int yOff, Storage dy, int dyOff, Storage dx, int dxOff, int rows, int cols) {
        Softmax.backward(d(y), yOff, d(dy), dyOff, d(dx), dxOff, rows, cols);
    }

    @Override
    public void layerNorm(Storage x, int xOff, Storage w, Storage b, float eps, int rows, int cols, Storage y, int yOff, Storage mean, Storage rstd) {
        LayerNorm.forward(d(x), xOff, d(w), d(b), eps, rows, cols, d(y), yOff, d(mean), d(rstd));
    }

    @Override
    public void layerNormBackward(Storage x, int xOff, Storage w, Storage mean, Storage rstd, Storage dy, int dyOff, int rows, int cols, Storage dx, int dxOff, Storage dw, Storage db) {
        LayerNorm.backward(d(x), xOff, d(w), d(mean), d(rstd), d(dy), dyOff, rows, cols, d(dx), dxOff, d(dw), d(db));
    }

    @Override
    public void batchNormStats(Storage x, int xOff, int outer, int channels, int inner, Storage mean, Storage var) {
        BatchNorm.stats(d(x), xOff, outer, channels, inner, d(mean), d(var));
    }

    @Override
    public void batchNorm(Storage x, int xOff, Storage mean, Storage var, Storage w, Storage b, float eps, int outer, int channels, int inner, Storage y, int yOff) {
        BatchNorm.forward(d(x), xOff, d(mean), d(var), d(w), d(b), eps, outer, channels, inner, d(y), yOff);
    }

    @Override
    public void batchNormBackward(Storage x, int xOff, Storage mean, Storage var, Storage w, float eps, boolean batchStats, int outer, int channels, int inner, Storage dy, int dyOff, Storage dx, int dxOff, Storage dw, Storage db) {
        BatchNorm.backward(d(x), xOff, d(mean), d(var), d(w), eps, batchStats, outer, channels, inner, d(dy), dyOff, d(dx), dxOff, d(dw), d(db));
    }

    @Override
    public void im2col(Storage x, int xOff, int channels, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage col, int colOff) {
        Im2col.im2col(d(x), xOff, channels, height, width, kh, kw, sh, sw, ph, pw, outH, outW, d(col), colOff);
    }

    @Override
    public void col2im(Storage col, int colOff, int channels, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage dx, int dxOff) {
        Im2col.col2im(d(col), colOff, channels, height, width, kh, kw, sh, sw, ph, pw, outH, outW, d(dx), dxOff);
    }

    @Override
    public void depthwiseConv3x3(Storage x, int xOff, Storage w, int wOff, int n, int height, int width, int channels, Storage y, int yOff) {
        DepthwiseConv3x3.forward(d(x), xOff, d(w), wOff, n, height, width, channels, d(y), yOff);
    }

    @Override
    public void depthwiseConv3x3BatchNorm(Storage x, int xOff, int xImageStride, Storage w, int wOff,
                                          Storage mean, Storage var, Storage bnW, Storage bnB, float eps,
                                          int n, int height, int width, int channels,
                                          Storage y, int yOff, int yImageStride) {
        DepthwiseConv3x3.forwardBatchNorm(d(x), xOff, xImageStride, d(w), wOff, d(mean), d(var), d(bnW), d(bnB), eps,
                n, height, width, channels, d(y), yOff, yImageStride);
    }

    @Override
    public void depthwiseConv3x3Backward(Storage x, int xOff, Storage w, int wOff, Storage dy, int dyOff, int n, int height, int width, int channels, Storage dx, int dxOff, Storage dw) {
        DepthwiseConv3x3.backward(d(x), xOff, d(w), wOff, d(dy), dyOff, n, height, width, channels, d(dx), dxOff, d(dw));
    }

    @Override
    public void maxPool2d(Storage x, int xOff, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage y, int yOff, Storage argmax) {
        Pool2d.maxForward(d(x), xOff, planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW, d(y), yOff, d(argmax));
    }

    @Override
    public void maxPool2dBackward(Storage dy, int dyOff, Storage argmax, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage dx, int dxOff) {
        Pool2d.maxBackward(d(dy), dyOff, d(argmax), planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW, d(dx), dxOff);
    }

    @Override
    public void avgPool2d(Storage x, int xOff, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage y, int yOff) {
        Pool2d.avgForward(d(x), xOff, planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW, d(y), yOff);
    }

    @Override
    public void avgPool2dBackward(Storage dy, int dyOff, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW, Storage dx, int dxOff) {
        Pool2d.avgBackward(d(dy), dyOff, planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW, d(dx), dxOff);
    }

    @Override
    public void gather(int[] indexShape, Storage x, int xOff, int[] xStrides, int dim, int[] index, Storage out, int outOff) {
        Indexing.gather(indexShape, d(x), xOff, xStrides, dim, index, d(out), outOff);
    }

    @Override
    public void scatter(int[] indexShape, Storage src, int srcOff, int dim, int[] index, Storage out, int outOff, int[] outStrides, boolean accumulate) {
        Indexing.scatter(indexShape, d(src), srcOff, dim, index, d(out), outOff, outStrides, accumulate);
    }

    @Override
    public void indexSelect(Storage x, int xOff, int outer, int n, int inner, int[] index, Storage out, int outOff) {
        Indexing.indexSelect(d(x), xOff, outer, n, inner, index, d(out), outOff);
    }

    @Override
    public void indexAdd(Storage dy, int dyOff, int outer, int n, int inner, int[] index, Storage dx, int dxOff) {
        Indexing.indexAdd(d(dy), dyOff, outer, n, inner, index, d(dx), dxOff);
    }

    @Override
    public void medianFilter3x3(Storage x, int xOff, int planes, int height, int width, Storage y, int yOff) {
        MedianFilter3x3.forward(d(x), xOff, planes, height, width, d(y), yOff);
    }

    @Override
    public void adamw(Storage p, int pOff, Storage g, int gOff, Storage m, Storage v, int n, float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2) {
        AdamW.step(d(p), pOff, d(g), gOff, d(m), d(v), n, lr, beta1, beta2, eps, weightDecay, bc1, bc2);
    }

    @Override
    public void attention(Storage q, int qOff, Storage k, int kOff, Storage v, int vOff, int batch, int tokens, int heads, int headDim, float scale, Storage out, int outOff, Storage lse) {
        Attention.forward(d(q), qOff, d(k), kOff, d(v), vOff, batch, tokens, heads, headDim, scale, d(out), outOff, d(lse));
    }

    @Override
    public void attentionBackward(Storage q, int qOff, Storage k, int kOff, Storage v, int vOff, Storage out, int outOff, Storage lse, Storage dout, int doutOff, int batch, int tokens, int heads, int headDim, float scale, Storage dq, Storage dk, Storage dv) {
        Attention.backward(d(q), qOff, d(k), kOff, d(v), vOff, d(out), outOff, d(lse), d(dout), doutOff, batch, tokens, heads, headDim, scale, d(dq), d(dk), d(dv));
    }

    @Override
    public void motionWeights(Storage gradient, int gOff, Storage anomalyMap, int aOff, int batch, int height, int width, int patch, float floor, Storage weights, int wOff) {
        MotionWeights.forward(d(gradient), gOff, d(anomalyMap), aOff, batch, height, width, patch, floor, d(weights), wOff);
    }

    // ---------------------------------------------------------------- model kernels

    @Override
    public void medianAbsDiff(Storage a, int aOff, Storage b, int bOff, int planes, int height, int width, Storage out, int outOff) {
        MedianFilter3x3.absDiff(d(a), aOff, d(b), bOff, planes, height, width, d(out), outOff);
    }

    @Override
    public void weightedMse(Storage pred, int predOff, Storage target, int targetOff, int ldt, Storage weights, int wOff,
                            int tokens, int p, float gradScale, Storage tokenLoss, int lossOff, Storage dpred, int dOff) {
        MotionWeights.weightedMse(d(pred), predOff, d(target), targetOff, ldt, d(weights), wOff, tokens, p, gradScale, d(tokenLoss), lossOff, d(dpred), dOff);
    }

    @Override
    public void gatherTokens(Storage x, int xOff, int batch, int tokens, int dim, int[] keep, int kept, Storage out, int outOff) {
        Indexing.gatherTokens(d(x), xOff, batch, tokens, dim, keep, kept, d(out), outOff);
    }

    @Override
    public void unshuffleTokens(Storage x, int xOff, int batch, int tokens, int kept, int dim, int[] restore, Storage maskToken, int maskOff, Storage out, int outOff) {
        Indexing.unshuffleTokens(d(x), xOff, batch, tokens, kept, dim, restore, d(maskToken), maskOff, d(out), outOff);
    }

    @Override
    public void patchRows(Storage x, int xOff, int batch, int channels, int height, int width, int patch, int[] keep, int kept, Storage out, int outOff) {
        Im2col.patchRows(d(x), xOff, batch, channels, height, width, patch, keep, kept, d(out), outOff);
    }

    @Override
    public void stackFramesU8(Storage frames, int framesOff, Storage idxWords, int idxOff, int count, int blockBytes, Storage out, int outOff) {
        Im2col.stackFramesU8(d(frames), framesOff, d(idxWords), idxOff, count, blockBytes, d(out), outOff);
    }

    @Override
    public void u8ToF32(Storage bytes, int off, int n, float scale, float shift, Storage out, int outOff) {
        Im2col.u8ToF32(d(bytes), off, n, scale, shift, d(out), outOff);
    }
}
