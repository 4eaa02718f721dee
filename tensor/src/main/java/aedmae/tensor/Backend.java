package aedmae.tensor;

/**
 * The kernels a device must implement. Every operation of the tensor library (forward and
 * backward) is written against this interface, so the CPU backend and the CUDA backend are
 * interchangeable and adding a device changes no caller.
 *
 * <p>Conventions (as llm.c): kernels work on flat storages with explicit offsets and sizes;
 * "contiguous" arguments are dense row-major blocks starting at the given offset. Each method
 * says which buffers it reads, which it overwrites and which it accumulates into (+=).
 * Shape checks belong to the operations layer; kernels trust their arguments.
 *
 * <p>The kernels particular to this paper's model are in {@link ModelKernels}, which every
 * backend implements beside this interface.
 *
 * <p>Layout letters: [outer, n, inner] is a contiguous block reduced or indexed over its middle
 * axis; NHWC is channels-last (C fastest).
 */
public interface Backend {

    Device device();

    // ---------------------------------------------------------------- memory

    /** A new storage of n floats, all zero. */
    Storage allocate(int n);

    /**
     * A new storage of n floats whose contents are undefined, for outputs a kernel overwrites
     * entirely (saves zeroing a recycled buffer). The default zeroes anyway.
     */
    default Storage allocateUninitialized(int n) {
        return allocate(n);
    }

    /** A new storage holding src[off, off+n). */
    Storage upload(float[] src, int off, int n);

    /** Copies n floats from src at srcOff into dst at dstOff (host memory). */
    void download(Storage src, int srcOff, float[] dst, int dstOff, int n);

    /**
     * Declares a storage dead: no tensor will use it again, so its memory may be reused by a later
     * {@link #allocate} (see {@link MemoryArena}). The default forgets it (left to the garbage
     * collector); the CPU backend pools arrays, a device backend returns them to its allocator.
     */
    default void release(Storage s) {}

    /** Overwrites n floats of s from off with value. */
    void fill(Storage s, int off, int n, float value);

    /**
     * Strided copy: for every index i of shape, dst[dstOff + i.dstStrides] (=|+=) src[srcOff + i.srcStrides].
     * Reads src; overwrites dst, or accumulates into it when accumulate is true. Used for
     * contiguous(), slicing, cat and their backward passes.
     */
    void copy(int[] shape, Storage src, int srcOff, int[] srcStrides,
              Storage dst, int dstOff, int[] dstStrides, boolean accumulate);

    // ---------------------------------------------------------------- elementwise

    /** y[i] = f(x[i]; p0, p1) for n contiguous elements. Reads x; overwrites y (may alias x). */
    void unary(UnaryOp op, float p0, float p1, Storage x, int xOff, Storage y, int yOff, int n);

    /**
     * dx[i] = dy[i] * f'(x[i]) for n contiguous elements, f' computed from x and/or y = f(x)
     * (see {@link UnaryOp}). Reads x, y, dy; overwrites dx.
     */
    void unaryBackward(UnaryOp op, float p0, float p1, Storage x, int xOff, Storage y, int yOff,
                       Storage dy, int dyOff, Storage dx, int dxOff, int n);

    /**
     * out[i] = a[i.aStrides] (op) b[i.bStrides] for every index i of shape; out contiguous.
     * Broadcasting is a stride of 0. Reads a, b; overwrites out (may alias a when a is contiguous).
     */
    void binary(BinaryOp op, int[] shape, Storage a, int aOff, int[] aStrides,
                Storage b, int bOff, int[] bStrides, Storage out, int outOff);

    // ---------------------------------------------------------------- reductions

    /** out[o, i] = reduce_j x[o, j, i] over a contiguous [outer, n, inner] block. Overwrites out. */
    void reduce(ReduceOp op, Storage x, int xOff, int outer, int n, int inner, Storage out, int outOff);

    /** Index j of the maximum of x[o, :, i] (first one on ties), returned to the host as [outer*inner]. */
    int[] argmax(Storage x, int xOff, int outer, int n, int inner);

    // ---------------------------------------------------------------- matrix products

    /** Batched GEMM, see {@link GemmDesc}. Reads A, B; overwrites or accumulates C per beta. */
    void gemm(GemmDesc g);

    /**
     * One product plus a bias row (a Linear layer): C[i, j] = alpha * (op(A) op(B))[i, j] + bias[biasOff + j]
     * (g.beta() is ignored; g.batch() must be 1). Reads A, B, bias; overwrites C. This default
     * is the plain twin: it writes the bias into every row of C and runs {@link #gemm} with
     * beta = 1; a backend may add the bias in the GEMM's epilogue instead (same sums, one pass
     * over C fewer).
     */
    default void gemmBias(GemmDesc g, Storage bias, int biasOff) {
        if (g.batch() != 1) throw new IllegalArgumentException("gemmBias takes one product; got batch " + g.batch());
        if (g.m() == 0 || g.n() == 0) return;
        copy(new int[]{g.m(), g.n()}, bias, biasOff, new int[]{0, 1}, g.c(), g.cOff(), new int[]{g.ldc(), 1}, false);
        gemm(new GemmDesc(1, 1, g.m(), g.n(), g.k(), g.alpha(), 1f,
                g.a(), g.aOff(), g.lda(), g.transA(), 0, 0, g.b(), g.bOff(), g.ldb(), g.transB(), 0, 0,
                g.c(), g.cOff(), g.ldc(), 0, 0));
    }

    /**
     * {@link #gemmBias} then GELU on C (a Linear layer and its activation, for inference): C must
     * be dense (ldc = n). This default is the plain twin, a {@link #unary} GELU pass over C; a
     * backend may apply the GELU while C's rows are still in cache, with the same bits.
     */
    default void gemmBiasGelu(GemmDesc g, Storage bias, int biasOff) {
        if (g.ldc() != g.n()) throw new IllegalArgumentException("gemmBiasGelu writes a dense C; got ldc " + g.ldc() + " for n " + g.n());
        gemmBias(g, bias, biasOff);
        unary(UnaryOp.GELU, 0f, 0f, g.c(), g.cOff(), g.c(), g.cOff(), g.m() * g.n());
    }

    // ---------------------------------------------------------------- normalisation

    /** Row softmax of a contiguous [rows, cols] block, numerically stable. Overwrites y (may alias x). */
    void softmax(Storage x, int xOff, Storage y, int yOff, int rows, int cols);

    /** dx = y * (dy - sum(dy*y)) per row. Reads y, dy; overwrites dx. */
    void softmaxBackward(Storage y, int yOff, Storage dy, int dyOff, Storage dx, int dxOff, int rows, int cols);

    /**
     * LayerNorm over the last axis of [rows, cols]: y = (x - mean) * rstd * w + b. w and b may be
     * null (no affine). Overwrites y, mean[rows], rstd[rows].
     */
    void layerNorm(Storage x, int xOff, Storage w, Storage b, float eps, int rows, int cols,
                   Storage y, int yOff, Storage mean, Storage rstd);

    /**
     * LayerNorm backward. Reads x, w (nullable), mean, rstd, dy. Overwrites dx; overwrites dw and
     * db (each nullable: skipped when null).
     */
    void layerNormBackward(Storage x, int xOff, Storage w, Storage mean, Storage rstd,
                           Storage dy, int dyOff, int rows, int cols,
                           Storage dx, int dxOff, Storage dw, Storage db);

    /**
     * Per-channel batch statistics of a contiguous [outer, C, inner] block (NCHW: outer=N,
     * inner=H*W; NHWC: outer=N*H*W, inner=1). Overwrites mean[C] and var[C] (biased).
     */
    void batchNormStats(Storage x, int xOff, int outer, int channels, int inner, Storage mean, Storage var);

    /** y = (x - mean[c]) / sqrt(var[c] + eps) * w[c] + b[c] over [outer, C, inner]. w, b nullable. */
    void batchNorm(Storage x, int xOff, Storage mean, Storage var, Storage w, Storage b, float eps,
                   int outer, int channels, int inner, Storage y, int yOff);

    /**
     * BatchNorm backward over [outer, C, inner]. When batchStats is true, mean/var are the batch's
     * own statistics and the gradient flows through them; otherwise they are constants (eval).
     * Reads x, mean, var, w (nullable), dy. Overwrites dx; overwrites dw, db (nullable).
     */
    void batchNormBackward(Storage x, int xOff, Storage mean, Storage var, Storage w, float eps,
                           boolean batchStats, int outer, int channels, int inner,
                           Storage dy, int dyOff, Storage dx, int dxOff, Storage dw, Storage db);

    // ---------------------------------------------------------------- convolution and pooling

    /**
     * im2col of one image x [C, H, W] into col [C*kh*kw, outH*outW] (zero padding).
     * Overwrites col.
     */
    void im2col(Storage x, int xOff, int channels, int height, int width, int kh, int kw,
                int sh, int sw, int ph, int pw, int outH, int outW, Storage col, int colOff);

    /** Adjoint of im2col: accumulates col [C*kh*kw, outH*outW] into dx [C, H, W]. */
    void col2im(Storage col, int colOff, int channels, int height, int width, int kh, int kw,
                int sh, int sw, int ph, int pw, int outH, int outW, Storage dx, int dxOff);

    /**
     * Depthwise 3x3 convolution, stride 1, zero padding 1, no bias, channels-last:
     * x, y [N, H, W, C], w [C, 3, 3]. Overwrites y.
     */
    void depthwiseConv3x3(Storage x, int xOff, Storage w, int wOff, int n, int height, int width,
                          int channels, Storage y, int yOff);

    /**
     * Inference form of the CvT projection: {@link #depthwiseConv3x3} then {@link #batchNorm} with
     * fixed statistics, over n images read at xOff + i*xImageStride and written at
     * yOff + i*yImageStride (each image [H, W, C] dense), so grid tokens can be read from and
     * written into [B, 1+H*W, C] token tensors around the [CLS] row. This default runs the two
     * kernels per image (the plain twin); a backend may fuse them into one pass.
     */
    default void depthwiseConv3x3BatchNorm(Storage x, int xOff, int xImageStride, Storage w, int wOff,
                                           Storage mean, Storage var, Storage bnW, Storage bnB, float eps,
                                           int n, int height, int width, int channels,
                                           Storage y, int yOff, int yImageStride) {
        for (int i = 0; i < n; i++) {
            depthwiseConv3x3(x, xOff + i * xImageStride, w, wOff, 1, height, width, channels, y, yOff + i * yImageStride);
            batchNorm(y, yOff + i * yImageStride, mean, var, bnW, bnB, eps, height * width, channels, 1, y, yOff + i * yImageStride);
        }
    }

    /**
     * Backward of {@link #depthwiseConv3x3}: reads x, w, dy; overwrites dx (when not null) and
     * dw [C, 3, 3] (when not null).
     */
    void depthwiseConv3x3Backward(Storage x, int xOff, Storage w, int wOff, Storage dy, int dyOff,
                                  int n, int height, int width, int channels,
                                  Storage dx, int dxOff, Storage dw);

    /**
     * Max pooling of planes [P, H, W] into y [P, outH, outW] (padding counts as -inf). Overwrites
     * y and argmax (the window-local index kh*kw of the maximum, stored as a float).
     */
    void maxPool2d(Storage x, int xOff, int planes, int height, int width, int kh, int kw, int sh, int sw,
                   int ph, int pw, int outH, int outW, Storage y, int yOff, Storage argmax);

    /** Backward of max pooling: accumulates dy into dx at the argmax positions. */
    void maxPool2dBackward(Storage dy, int dyOff, Storage argmax, int planes, int height, int width,
                           int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW,
                           Storage dx, int dxOff);

    /** Average pooling (padding counted in the divisor, as PyTorch's default). Overwrites y. */
    void avgPool2d(Storage x, int xOff, int planes, int height, int width, int kh, int kw, int sh, int sw,
                   int ph, int pw, int outH, int outW, Storage y, int yOff);

    /** Backward of average pooling: accumulates into dx. */
    void avgPool2dBackward(Storage dy, int dyOff, int planes, int height, int width, int kh, int kw,
                           int sh, int sw, int ph, int pw, int outH, int outW, Storage dx, int dxOff);

    // ---------------------------------------------------------------- indexing

    /**
     * out[i] = x[i with coordinate dim replaced by index[i]] for every index i of indexShape
     * (torch.gather). x is read through xStrides; index is row-major over indexShape; out is
     * contiguous. Overwrites out.
     */
    void gather(int[] indexShape, Storage x, int xOff, int[] xStrides, int dim, int[] index,
                Storage out, int outOff);

    /**
     * Inverse of gather: out[i with coordinate dim replaced by index[i]] (=|+=) src[i] for every
     * index i of indexShape; src contiguous over indexShape, out read through outStrides.
     * Overwrites, or accumulates when accumulate is true.
     */
    void scatter(int[] indexShape, Storage src, int srcOff, int dim, int[] index,
                 Storage out, int outOff, int[] outStrides, boolean accumulate);

    /** out[o, j, i] = x[o, index[j], i] for contiguous x [outer, n, inner], out [outer, m, inner]. */
    void indexSelect(Storage x, int xOff, int outer, int n, int inner, int[] index, Storage out, int outOff);

    /** dx[o, index[j], i] += dy[o, j, i] (adjoint of indexSelect). */
    void indexAdd(Storage dy, int dyOff, int outer, int n, int inner, int[] index, Storage dx, int dxOff);

    // ---------------------------------------------------------------- optimiser

    /**
     * One AdamW step on n contiguous parameters (decoupled weight decay, as PyTorch):
     * p -= lr*wd*p; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2;
     * p -= lr * (m/bc1) / (sqrt(v/bc2) + eps), with bc = 1 - beta^step.
     * Reads g; modifies p, m, v.
     */
    void adamw(Storage p, int pOff, Storage g, int gOff, Storage m, Storage v, int n,
               float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2);

    // ---------------------------------------------------------------- fused model kernels

    /**
     * Fused multi-head attention, forward. For each batch b and head h, with the head's columns
     * c = h*dh .. (h+1)*dh of the token-major tensors q, k, v, out [B, T, H*dh]:
     * out[b, :, c] = softmax(Q K^T * scale) V. Writes lse [B, H, T], the log-sum-exp of each
     * score row, when lse is not null (the backward pass recomputes the probabilities from it).
     * Reads q, k, v; overwrites out and lse.
     */
    void attention(Storage q, int qOff, Storage k, int kOff, Storage v, int vOff,
                   int batch, int tokens, int heads, int headDim, float scale,
                   Storage out, int outOff, Storage lse);

    /**
     * Backward of {@link #attention}: with P = exp(Q K^T * scale - lse), dV = P^T dO,
     * dP = dO V^T, dS = P * (dP - rowsum(dO * O)), dQ = dS K * scale, dK = dS^T Q * scale.
     * Reads q, k, v, out, lse, dout; overwrites dq, dk, dv ([B, T, H*dh] each, offset 0).
     */
    void attentionBackward(Storage q, int qOff, Storage k, int kOff, Storage v, int vOff,
                           Storage out, int outOff, Storage lse, Storage dout, int doutOff,
                           int batch, int tokens, int heads, int headDim, float scale,
                           Storage dq, Storage dk, Storage dv);
}
