package aedmae.tensor.cuda;

import aedmae.tensor.device.CachingAllocator;

import aedmae.tensor.Storage;
import jcuda.driver.CUdeviceptr;

import static aedmae.tensor.cuda.KernelRegistry.ATTENTION_BF16;
import static aedmae.tensor.cuda.KernelRegistry.ATTENTION_SIMT;
import static aedmae.tensor.cuda.KernelRegistry.ATTENTION_TF32;

/**
 * Fused multi-head attention, forward and backward (twin of aedmae.tensor.cpu.Attention;
 * kernels/attention.cu), on token-major [B, T, H*dh] tensors: one launch per layer forward.
 */
final class Attention {
    /** Threads per block and keys per shared-memory tile of the SIMT kernels (attention.cu). */
    static final int SIMT_THREADS = 128, SIMT_KEYS = 32;
    /** Query rows per block of the tensor-core kernel. */
    static final int TC_ROWS = 64;

    private final CudaBackend b;

    Attention(CudaBackend b) {
        this.b = b;
    }

    /** Dims per thread of the SIMT kernels: 8, 16 or 32. */
    static int chunk(int headDim) {
        return headDim <= 8 ? 8 : headDim <= 16 ? 16 : 32;
    }

    /** Threads per row: ceil(dh / chunk) rounded up to a power of two (at most 4: dh <= 128). */
    static int split(int headDim) {
        int s = Integer.highestOneBit(Math.max(1, Launch.ceilDiv(headDim, chunk(headDim)) * 2 - 1));
        if (s > 4) throw new UnsupportedOperationException("fused attention supports head dims up to 128, got " + headDim);
        return s;
    }

    /** Dynamic shared memory of the SIMT kernels: two tiles of SIMT_KEYS rows (+ lse and delta for dK/dV). */
    static int simtShared(int headDim, boolean dkdv) {
        int rowFloats = split(headDim) * (chunk(headDim) + 1);
        return 4 * (2 * SIMT_KEYS * rowFloats + (dkdv ? 2 * SIMT_KEYS : 0));
    }

    /** The tensor-core kernel reads 16-byte rows: head dim 32 or 64, offsets and row length multiples of 4. */
    static boolean tensorCoreApplicable(int heads, int headDim, int... offsets) {
        if (headDim != 32 && headDim != 64) return false;
        if ((heads * headDim) % 4 != 0) return false;
        for (int o : offsets) if (o % 4 != 0) return false;
        return true;
    }

    /** The AttnParams struct of attention.cu. */
    static int[] params(int batch, int tokens, int heads, int headDim, float scale, int qOff, int kOff, int vOff, int oOff,
                        int doOff, int split) {
        return new int[]{batch, tokens, heads, headDim, Float.floatToRawIntBits(scale), qOff, kOff, vOff, oOff, doOff, split};
    }

    void forward(Storage q, int qOff, Storage k, int kOff, Storage v, int vOff, int batch, int tokens, int heads, int headDim,
                 float scale, Storage out, int outOff, Storage lse) {
        if ((long) batch * tokens * heads == 0) return;
        if ((long) batch * heads > 65535) throw new UnsupportedOperationException("attention over more than 65535 (batch, head) pairs");
        boolean tc = tensorCoreApplicable(heads, headDim, qOff, kOff, vOff, outOff);
        String preferred = !tc || b.rt.precision() == Precision.FP32 ? ATTENTION_SIMT
                : b.rt.precision() == Precision.BF16 ? ATTENTION_BF16 : ATTENTION_TF32;
        String v0 = b.rt.pick(Op.ATTENTION, preferred, name -> name.equals(ATTENTION_SIMT) || tc);
        if (!v0.equals(ATTENTION_SIMT)) {
            String family = v0.equals(ATTENTION_BF16) ? "attention_bf16_d" : "attention_tf32_d";
            b.rt.launch(family + headDim, Launch.of(Launch.ceilDiv(tokens, TC_ROWS), batch * heads, 1, 128, 1, 1),
                    b.args().struct(params(batch, tokens, heads, headDim, scale, qOff, kOff, vOff, outOff, 0, 1))
                            .ptr(q, 0).ptr(k, 0).ptr(v, 0).ptr(out, 0).ptrOrNull(lse, 0));
            return;
        }
        int split = split(headDim), c = chunk(headDim);
        b.rt.launch("attention_simt_c" + c,
                Launch.of(Launch.ceilDiv(tokens, SIMT_THREADS / split), batch * heads, 1, SIMT_THREADS, 1, 1).withShared(simtShared(headDim, false)),
                b.args().struct(params(batch, tokens, heads, headDim, scale, qOff, kOff, vOff, outOff, 0, split))
                        .ptr(q, 0).ptr(k, 0).ptr(v, 0).ptr(out, 0).ptrOrNull(lse, 0));
    }

    void backward(Storage q, int qOff, Storage k, int kOff, Storage v, int vOff, Storage out, int outOff, Storage lse,
                  Storage dout, int doutOff, int batch, int tokens, int heads, int headDim, float scale,
                  Storage dq, Storage dk, Storage dv) {
        long rows = (long) batch * tokens * heads;
        if (rows == 0) return;
        if ((long) batch * heads > 65535) throw new UnsupportedOperationException("attention over more than 65535 (batch, head) pairs");
        b.rt.pick(Op.ATTENTION_BACKWARD, "attention.simt_recompute", x -> true);
        int split = split(headDim), c = chunk(headDim);
        int[] p = params(batch, tokens, heads, headDim, scale, qOff, kOff, vOff, outOff, doutOff, split);
        CachingAllocator.Block<CUdeviceptr> delta = b.rt.scratch(4L * rows);
        try {
            b.rt.launch("attention_bwd_delta", Launch.of((int) Math.min(Launch.ceilDiv(rows, 8), b.rt.gridCap() * 4L), 1, 1, 256, 1, 1),
                    b.args().struct(p).ptr(out, 0).ptr(dout, 0).ptr(delta));
            Launch grid = Launch.of(Launch.ceilDiv(tokens, SIMT_THREADS / split), batch * heads, 1, SIMT_THREADS, 1, 1);
            b.rt.launch("attention_bwd_dq_c" + c, grid.withShared(simtShared(headDim, false)),
                    b.args().struct(p).ptr(q, 0).ptr(k, 0).ptr(v, 0).ptr(lse, 0).ptr(delta).ptr(dout, 0).ptr(dq, 0));
            b.rt.launch("attention_bwd_dkdv_c" + c, grid.withShared(simtShared(headDim, true)),
                    b.args().struct(p).ptr(q, 0).ptr(k, 0).ptr(v, 0).ptr(lse, 0).ptr(delta).ptr(dout, 0).ptr(dk, 0).ptr(dv, 0));
        } finally {
            b.rt.releaseScratch(delta);
        }
    }
}
