package aedmae.tensor.cuda;

import aedmae.tensor.Storage;

/** One AdamW step (twin of aedmae.tensor.cpu.AdamW; kernels/adamw.cu). */
final class AdamW {
    private final CudaBackend b;

    AdamW(CudaBackend b) {
        this.b = b;
    }

    /** Reads g; modifies p, m, v. The scalar factors are computed here exactly as the CPU twin does. */
    void step(Storage p, int pOff, Storage g, int gOff, Storage m, Storage v, int n,
              float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2) {
        if (n == 0) return;
        b.rt.pick(Op.ADAMW, "adamw.fused", x -> true);
        float decay = 1f - lr * weightDecay;
        float invBc1 = 1f / bc1;
        float invSqrtBc2 = (float) (1.0 / Math.sqrt(bc2));
        b.rt.launch("adamw", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().l(n).f(lr).f(beta1).f(beta2).f(eps).f(decay).f(invBc1).f(invSqrtBc2)
                        .ptr(p, pOff).ptr(g, gOff).ptr(m, 0).ptr(v, 0));
    }
}
