package aedmae.tensor.ops;

import aedmae.tensor.Shape;
import aedmae.tensor.Storage;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import aedmae.tensor.autograd.Node;

/**
 * BatchNorm2d on [B, C, H, W]. Training: normalise with the batch's mean and biased variance and
 * update the running statistics in place (running = (1-momentum)*running + momentum*batch, the
 * variance unbiased, as PyTorch). Eval: normalise with the running statistics.
 *
 * <p>NCHW-contiguous inputs are processed as [B, C, H*W]; channels-last inputs as
 * [B*H*W, C, 1] and the output stays channels-last, so the CvT projections never copy.
 */
public final class BatchNorm2d extends Node {
    private Tensor x, w, mean, var;
    private final float eps;
    private final boolean batchStats, hasB;
    private final int outer, channels, inner;

    private BatchNorm2d(Tensor xIn, Tensor x, Tensor w, Tensor b, Tensor mean, Tensor var, float eps,
                        boolean batchStats, int outer, int channels, int inner) {
        super(xIn, w, b);
        this.x = x;
        this.w = w == null ? null : w.detach().contiguous();
        this.mean = mean;
        this.var = var;
        this.eps = eps;
        this.batchStats = batchStats;
        this.hasB = b != null;
        this.outer = outer;
        this.channels = channels;
        this.inner = inner;
    }

    /**
     * @param runningMean [C], modified in training when not null
     * @param runningVar  [C], modified in training when not null
     * @param w           [C] or null
     * @param b           [C] or null
     */
    public static Tensor apply(Tensor x, Tensor runningMean, Tensor runningVar, Tensor w, Tensor b,
                               boolean training, float momentum, float eps) {
        SameDevice.backend("batch_norm", x, runningMean, runningVar, w, b);
        Shape.check(x.dim() == 4, "batch_norm", "input must be [B, C, H, W]", x.shape());
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        for (Tensor t : new Tensor[]{runningMean, runningVar, w, b}) {
            Shape.check(t == null || (t.dim() == 1 && t.size(0) == c), "batch_norm", "per-channel tensors must be [C]", x.shape(), t == null ? new int[0] : t.shape());
        }
        Tensor xl;
        int outer, inner;
        if (x.isChannelsLast() && !x.isContiguous()) {
            xl = x.detach();
            outer = n * h * wd;
            inner = 1;
        } else {
            xl = x.detach().contiguous();
            outer = n;
            inner = h * wd;
        }
        int base = xl.isContiguous() ? xl.offset() : minOffset(xl);
        Tensor mean, var;
        boolean batchStats = training || runningMean == null;
        if (batchStats) {
            mean = OpOutputs.empty(x, c);
            var = OpOutputs.empty(x, c);
            x.backend().batchNormStats(xl.storage(), base, outer, c, inner, mean.storage(), var.storage());
            if (training && runningMean != null) {
                try (var s = GradMode.disable()) {
                    int count = outer * inner;
                    float unbias = count > 1 ? (float) count / (count - 1) : 1f;
                    runningMean.copyFrom(runningMean.mul(1f - momentum).add(mean.mul(momentum)));
                    runningVar.copyFrom(runningVar.mul(1f - momentum).add(var.mul(momentum * unbias)));
                }
            }
        } else {
            mean = runningMean.detach().contiguous();
            var = runningVar.detach().contiguous();
        }
        Tensor y = inner == 1 ? Tensor.wrap(x.backend().allocateUninitialized(x.numel()), x.shape(), xl.strides(), 0) : OpOutputs.forOverwrite(x, x.shape());
        x.backend().batchNorm(xl.storage(), base, own(mean), own(var), own(w), own(b), eps, outer, c, inner, y.storage(), 0);
        if (Node.recording(x, w, b)) {
            y.attach(new BatchNorm2d(x, xl, w, b, mean, var, eps, batchStats, outer, c, inner));
        }
        return y;
    }

    /** Storage of t as a contiguous block at offset 0 (kernels take per-channel arrays whole). */
    private static Storage own(Tensor t) {
        if (t == null) return null;
        Tensor c = t.detach().contiguous();
        return c.offset() == 0 ? c.storage() : c.copy().storage();
    }

    private static int minOffset(Tensor t) {
        return t.offset(); // dense views with positive strides start at their offset
    }

    @Override
    public Tensor[] backward(Tensor g) {
        Tensor gl = OpOutputs.inLayoutOf(g, x);
        Tensor dx = inner == 1 ? Tensor.wrap(x.backend().allocateUninitialized(x.numel()), x.shape(), x.strides(), 0) : OpOutputs.forOverwrite(x, x.shape());
        Tensor dw = needs(1) ? OpOutputs.empty(x, channels) : null, db = hasB && needs(2) ? OpOutputs.empty(x, channels) : null;
        x.backend().batchNormBackward(x.storage(), x.offset(), own(mean), own(var), own(w), eps, batchStats,
                outer, channels, inner, gl.storage(), gl.offset(), dx.storage(), 0,
                dw == null ? null : dw.storage(), db == null ? null : db.storage());
        return new Tensor[]{needs(0) ? dx : null, dw, db};
    }

    @Override
    public void release() {
        super.release();
        x = w = mean = var = null;
    }
}
