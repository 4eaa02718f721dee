package aedmae.tensor.cuda;

import aedmae.tensor.Storage;

import static aedmae.tensor.cuda.KernelRegistry.SOFTMAX_BLOCK;
import static aedmae.tensor.cuda.KernelRegistry.SOFTMAX_WARP;

/** Row softmax and its backward (twin of aedmae.tensor.cpu.Softmax; kernels/softmax.cu). */
final class Softmax {
    /** Rows per block of the warp-per-row kernels. */
    static final int WARP_ROWS = 4;

    private final CudaBackend b;

    Softmax(CudaBackend b) {
        this.b = b;
    }

    /** The warp kernel for rows of this width (register budget 128, 256, 512 or 1024), or null. */
    static String warpSymbol(String prefix, int cols) {
        if (cols <= 128) return prefix + "128";
        if (cols <= 256) return prefix + "256";
        if (cols <= 512) return prefix + "512";
        if (cols <= 1024) return prefix + "1024";
        return null;
    }

    void forward(Storage x, int xOff, Storage y, int yOff, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        String warp = warpSymbol("softmax_warp", cols);
        String v = b.rt.pick(Op.SOFTMAX, warp != null ? SOFTMAX_WARP : SOFTMAX_BLOCK,
                name -> name.equals(SOFTMAX_BLOCK) || warp != null);
        if (v.equals(SOFTMAX_WARP)) {
            b.rt.launch(warp, Launch.of(Math.min(Launch.ceilDiv(rows, WARP_ROWS), b.rt.gridCap() * 4), 1, 1, 32, WARP_ROWS, 1),
                    b.args().i(rows).i(cols).ptr(x, xOff).ptr(y, yOff));
        } else {
            b.rt.launch("softmax_online_block", Launch.of(Math.min(rows, b.rt.gridCap() * 4), 1, 1, Reduce.threadsFor(cols), 1, 1),
                    b.args().i(rows).i(cols).ptr(x, xOff).ptr(y, yOff));
        }
    }

    void backward(Storage y, int yOff, Storage dy, int dyOff, Storage dx, int dxOff, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        b.rt.pick(Op.SOFTMAX_BACKWARD, "softmax.backward_block", v -> true);
        b.rt.launch("softmax_backward", Launch.of(Math.min(rows, b.rt.gridCap() * 4), 1, 1, Reduce.threadsFor(cols), 1, 1),
                b.args().i(rows).i(cols).ptr(y, yOff).ptr(dy, dyOff).ptr(dx, dxOff));
    }
}
