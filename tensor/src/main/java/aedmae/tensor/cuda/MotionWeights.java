package aedmae.tensor.cuda;

import aedmae.tensor.Storage;

/** Motion weights (Eq. 1-2) and the weighted error (Eq. 3) (twin of aedmae.tensor.cpu.MotionWeights; kernels/motion_weights.cu). */
final class MotionWeights {
    private final CudaBackend b;

    MotionWeights(CudaBackend b) {
        this.b = b;
    }

    void weights(Storage gradient, int gOff, Storage anomalyMap, int aOff, int batch, int height, int width, int patch,
                 float floor, Storage weights, int wOff) {
        if (batch == 0) return;
        b.rt.pick(Op.MOTION_WEIGHTS, "motion_weights.block_per_sample", v -> true);
        b.rt.launch("motion_weights", Launch.of(Math.min(batch, 65535), 1, 1, 256, 1, 1),
                b.args().i(batch).i(height).i(width).i(patch).f(floor).ptr(gradient, gOff).ptrOrNull(anomalyMap, aOff).ptr(weights, wOff));
    }

    void weightedMse(Storage pred, int predOff, Storage target, int targetOff, int ldt, Storage weights, int wOff,
                     int tokens, int p, float gradScale, Storage tokenLoss, int lossOff, Storage dpred, int dOff) {
        if (tokens == 0) return;
        b.rt.pick(Op.WEIGHTED_MSE, "motion_weights.weighted_mse", v -> true);
        int warpsPerBlock = 8;
        b.rt.launch("weighted_mse", Launch.of(Math.min(Launch.ceilDiv(tokens, warpsPerBlock), b.rt.gridCap() * 4), 1, 1, 32 * warpsPerBlock, 1, 1),
                b.args().i(tokens).i(p).i(ldt).f(gradScale).ptr(pred, predOff).ptr(target, targetOff).ptr(weights, wOff)
                        .ptr(tokenLoss, lossOff).ptrOrNull(dpred, dOff));
    }
}
