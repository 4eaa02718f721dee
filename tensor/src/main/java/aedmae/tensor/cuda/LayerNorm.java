package aedmae.tensor.cuda;

import aedmae.tensor.device.CachingAllocator;

import aedmae.tensor.Storage;
import jcuda.driver.CUdeviceptr;

import static aedmae.tensor.cuda.KernelRegistry.LAYER_NORM_BLOCK;
import static aedmae.tensor.cuda.KernelRegistry.LAYER_NORM_WARP;

/** LayerNorm forward and backward (twin of aedmae.tensor.cpu.LayerNorm; kernels/layernorm.cu). */
final class LayerNorm {
    private final CudaBackend b;

    LayerNorm(CudaBackend b) {
        this.b = b;
    }

    /** y = (x - mean) * rstd * w + b; overwrites y, mean[rows], rstd[rows]. */
    void forward(Storage x, int xOff, Storage w, Storage bias, float eps, int rows, int cols,
                 Storage y, int yOff, Storage mean, Storage rstd) {
        if (rows == 0) return;
        String warp = Softmax.warpSymbol("layernorm_warp", cols);
        String v = b.rt.pick(Op.LAYER_NORM, warp != null ? LAYER_NORM_WARP : LAYER_NORM_BLOCK,
                name -> name.equals(LAYER_NORM_BLOCK) || warp != null);
        Args a = b.args().i(rows).i(cols).f(eps).ptr(x, xOff).ptrOrNull(w, 0).ptrOrNull(bias, 0)
                .ptr(y, yOff).ptr(mean, 0).ptr(rstd, 0);
        if (v.equals(LAYER_NORM_WARP)) {
            b.rt.launch(warp, Launch.of(Math.min(Launch.ceilDiv(rows, Softmax.WARP_ROWS), b.rt.gridCap() * 4), 1, 1, 32, Softmax.WARP_ROWS, 1), a);
        } else {
            b.rt.launch("layernorm_block", Launch.of(Math.min(rows, b.rt.gridCap() * 4), 1, 1, Reduce.threadsFor(cols), 1, 1), a);
        }
    }

    /** Overwrites dx; dw, db (nullable) from per-block column partials. */
    void backward(Storage x, int xOff, Storage w, Storage mean, Storage rstd, Storage dy, int dyOff, int rows, int cols,
                  Storage dx, int dxOff, Storage dw, Storage db) {
        if (cols == 0) return;
        b.rt.pick(Op.LAYER_NORM_BACKWARD, "layernorm.backward_partials", v -> true);
        int blocks = Math.max(1, Math.min(rows, 2 * b.rt.multiprocessors()));
        CachingAllocator.Block<CUdeviceptr> parts = b.rt.scratch(4L * blocks * 2 * cols);
        try {
            if (rows > 0) {
                b.rt.launch("layernorm_backward", Launch.of(blocks, 1, 1, Reduce.threadsFor(cols), 1, 1),
                        b.args().i(rows).i(cols).ptr(x, xOff).ptrOrNull(w, 0).ptr(mean, 0).ptr(rstd, 0)
                                .ptr(dy, dyOff).ptr(dx, dxOff).ptr(parts));
            }
            if (dw != null || db != null) {
                b.rt.launch("layernorm_backward_params", Launch.linear(cols, 256, b.rt.gridCap()),
                        b.args().i(rows > 0 ? blocks : 0).i(cols).ptr(parts).ptrOrNull(dw, 0).ptrOrNull(db, 0));
            }
        } finally {
            b.rt.releaseScratch(parts);
        }
    }
}
