package aedmae.tensor.cuda;

import aedmae.tensor.device.CachingAllocator;

import aedmae.tensor.Storage;
import jcuda.driver.CUdeviceptr;

/**
 * BatchNorm over [outer, C, inner] (twin of aedmae.tensor.cpu.BatchNorm; kernels/batchnorm.cu).
 * Channel sums go through per-block double partials [G, 2, C], finished one thread per channel.
 */
final class BatchNorm {
    static final int SUM_X = 0, SUM_SQ = 1, SUM_GRAD = 2;

    private final CudaBackend b;

    BatchNorm(CudaBackend b) {
        this.b = b;
    }

    /** Splits of the reduction domain: enough blocks for the device, at least ~64 rows each. */
    static int groups(int outer, int inner, int channels, int multiprocessors) {
        if (inner == 1) {
            int channelBlocks = Launch.ceilDiv(channels, 32);
            return Math.max(1, Math.min(Launch.ceilDiv(outer, 64), Math.max(1, 4 * multiprocessors / channelBlocks)));
        }
        return Math.max(1, Math.min(outer, Math.max(1, 4 * multiprocessors / Math.max(channels, 1))));
    }

    /** Launches the partial channel sums of one mode into parts. */
    private int sums(int mode, Storage x, int xOff, Storage dy, int dyOff, Storage centre, int outer, int channels, int inner,
                     CachingAllocator.Block<CUdeviceptr> parts, int g) {
        if (inner == 1) {
            b.rt.launch("bn_sums_rows", Launch.of(Launch.ceilDiv(channels, 32), g, 1, 32, 8, 1),
                    b.args().i(mode).i(outer).i(channels).ptr(x, xOff).ptrOrNull(dy, dyOff).ptrOrNull(centre, 0).ptr(parts));
        } else {
            b.rt.launch("bn_sums_planes", Launch.of(channels, g, 1, Reduce.threadsFor(inner), 1, 1),
                    b.args().i(mode).i(outer).i(channels).i(inner).ptr(x, xOff).ptrOrNull(dy, dyOff).ptrOrNull(centre, 0).ptr(parts));
        }
        return g;
    }

    /** mean[C], var[C] (biased), two passes as the CPU twin. */
    void stats(Storage x, int xOff, int outer, int channels, int inner, Storage mean, Storage var) {
        if (channels == 0) return;
        b.rt.pick(Op.BATCH_NORM_STATS, "batchnorm.stats_partials", v -> true);
        int g = groups(outer, inner, channels, b.rt.multiprocessors());
        double count = (double) outer * inner;
        CachingAllocator.Block<CUdeviceptr> parts = b.rt.scratch(8L * g * 2 * channels);
        try {
            sums(SUM_X, x, xOff, null, 0, null, outer, channels, inner, parts, g);
            b.rt.launch("bn_finish_stats", Launch.linear(channels, 256, b.rt.gridCap()),
                    b.args().i(g).i(channels).i(0).d(count).ptr(parts).ptr(mean, 0));
            sums(SUM_SQ, x, xOff, null, 0, mean, outer, channels, inner, parts, g);
            b.rt.launch("bn_finish_stats", Launch.linear(channels, 256, b.rt.gridCap()),
                    b.args().i(g).i(channels).i(1).d(count).ptr(parts).ptr(var, 0));
        } finally {
            b.rt.releaseScratch(parts);
        }
    }

    void forward(Storage x, int xOff, Storage mean, Storage var, Storage w, Storage bias, float eps,
                 int outer, int channels, int inner, Storage y, int yOff) {
        long n = (long) outer * channels * inner;
        if (n == 0) return;
        b.rt.pick(Op.BATCH_NORM, "batchnorm.forward", v -> true);
        b.rt.launch("bn_forward", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().l(n).i(channels).i(inner).f(eps).ptr(x, xOff).ptr(mean, 0).ptr(var, 0)
                        .ptrOrNull(w, 0).ptrOrNull(bias, 0).ptr(y, yOff));
    }

    void backward(Storage x, int xOff, Storage mean, Storage var, Storage w, float eps, boolean batchStats,
                  int outer, int channels, int inner, Storage dy, int dyOff, Storage dx, int dxOff, Storage dw, Storage db) {
        if (channels == 0) return;
        b.rt.pick(Op.BATCH_NORM_BACKWARD, "batchnorm.backward_partials", v -> true);
        int g = groups(outer, inner, channels, b.rt.multiprocessors());
        double count = (double) outer * inner;
        CachingAllocator.Block<CUdeviceptr> parts = b.rt.scratch(8L * g * 2 * channels);
        CachingAllocator.Block<CUdeviceptr> coef = b.rt.scratch(4L * 3 * channels);
        try {
            sums(SUM_GRAD, x, xOff, dy, dyOff, mean, outer, channels, inner, parts, g);
            b.rt.launch("bn_finish_backward", Launch.linear(channels, 256, b.rt.gridCap()),
                    b.args().i(g).i(channels).d(count).f(eps).i(batchStats ? 1 : 0).ptr(parts).ptr(var, 0)
                            .ptrOrNull(w, 0).ptrOrNull(dw, 0).ptrOrNull(db, 0).ptr(coef));
            long n = (long) outer * channels * inner;
            if (dx != null && n > 0) {
                b.rt.launch("bn_backward_dx", Launch.linear(n, 256, b.rt.gridCap()),
                        b.args().l(n).i(channels).i(inner).ptr(x, xOff).ptr(dy, dyOff).ptr(mean, 0).ptr(coef).ptr(dx, dxOff));
            }
        } finally {
            b.rt.releaseScratch(coef);
            b.rt.releaseScratch(parts);
        }
    }
}
