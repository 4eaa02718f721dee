package aedmae.tensor.cuda;

import aedmae.tensor.device.CachingAllocator;

import aedmae.tensor.GemmDesc;
import jcuda.driver.CUdeviceptr;

/**
 * Batched strided GEMM with optional fused epilogue (twin of aedmae.tensor.cpu.Gemm;
 * kernels/gemm.cu). The variant follows the backend's matmul precision unless one is forced;
 * {@link GemmPlan} sizes the grid and split-K.
 */
final class Gemm {
    private final CudaBackend b;

    Gemm(CudaBackend b, KernelModules modules) {
        this.b = b;
        for (GemmPlan.Tile t : new GemmPlan.Tile[]{GemmPlan.TF32_128, GemmPlan.TF32_64, GemmPlan.BF16_128, GemmPlan.BF16_64,
                GemmPlan.LN128, GemmPlan.LN256}) {
            modules.setMaxDynamicSharedMemory(t.symbol(), t.sharedBytes());
        }
    }

    /** C = epilogue(alpha * op(A) op(B)) + beta * C per {@link GemmDesc} and {@link Epilogue}. */
    void gemm(GemmDesc g, Epilogue e) {
        if (g.m() == 0 || g.n() == 0 || g.batch() == 0) return;
        if (e.norm() != null) {
            gemmNorm(g, e);
            return;
        }
        String preferred = GemmPlan.preferredVariant(g, b.rt.precision(), b.rt.multiprocessors());
        String v = b.rt.pick(Op.GEMM, preferred, name -> true);
        GemmPlan plan = GemmPlan.of(g, v, e, b.rt.multiprocessors());
        if (plan.splits() == 1) {
            b.rt.launch(plan.symbol(), plan.launch(), args(plan.params(), g, e, null));
            return;
        }
        CachingAllocator.Block<CUdeviceptr> w = b.rt.scratch(4L * plan.workspaceFloats());
        try {
            b.rt.launch(plan.symbol(), plan.launch(), args(plan.params(), g, e, w));
            long outputs = (long) g.batch() * g.m() * g.n();
            b.rt.launch("gemm_splitk_reduce", Launch.linear(outputs, 256, b.rt.gridCap()),
                    b.args().struct(plan.reduceParams()).i(g.batch()).ptr(w).ptr(g.c(), 0)
                            .ptrOrNull(e.bias(), 0).ptrOrNull(e.residual(), 0));
        } finally {
            b.rt.releaseScratch(w);
        }
    }

    /** The GEMM with the LayerNorm of each result row fused into its epilogue. */
    private void gemmNorm(GemmDesc g, Epilogue e) {
        if (g.batch() != 1 || g.n() > 256) {
            throw new UnsupportedOperationException("a GEMM with a fused LayerNorm takes one product with at most 256 columns; got batch "
                    + g.batch() + ", n " + g.n());
        }
        String preferred = g.n() <= 128 ? KernelRegistry.GEMM_LN128 : KernelRegistry.GEMM_LN256;
        String v = b.rt.pick(Op.GEMM_LAYER_NORM, preferred, name -> GemmPlan.normApplicable(name, g));
        GemmPlan plan = GemmPlan.of(g, v, e, b.rt.multiprocessors());
        RowNorm n = e.norm();
        b.rt.launch(plan.symbol(), plan.launch(), args(plan.params(), g, e, null)
                .ptrOrNull(n.weight(), 0).ptrOrNull(n.bias(), 0).ptr(n.out(), 0).i(n.outOff()).i(n.ld()).f(n.eps())
                .ptrOrNull(n.mean(), 0).ptrOrNull(n.rstd(), 0));
    }

    /** (params, A, B, C or the split-K workspace, bias, R); offsets are in params. */
    private Args args(int[] params, GemmDesc g, Epilogue e, CachingAllocator.Block<CUdeviceptr> workspace) {
        Args a = b.args().struct(params).ptr(g.a(), 0).ptr(g.b(), 0);
        if (workspace != null) a.ptr(workspace);
        else a.ptr(g.c(), 0);
        return a.ptrOrNull(e.bias(), 0).ptrOrNull(e.residual(), 0);
    }
}
