package aedmae.nn;

import aedmae.tensor.F;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;

/**
 * BatchNorm2d over [B, C, H, W] (eps 1e-5, momentum 0.1 as PyTorch). Parameters weight, bias
 * [C]; buffers running_mean, running_var [C] and num_batches_tracked (int64 in checkpoints).
 * Training normalises with batch statistics and updates the running ones; eval uses the running ones.
 */
public final class BatchNorm2d extends Module implements Layer {
    public final Parameter weight, bias, runningMean, runningVar, numBatchesTracked;
    private final float eps, momentum;

    public BatchNorm2d(int channels) {
        this(channels, 1e-5f, 0.1f);
    }

    public BatchNorm2d(int channels, float eps, float momentum) {
        this.weight = parameter("weight", Tensor.ones(channels));
        this.bias = parameter("bias", Tensor.zeros(channels));
        this.runningMean = buffer("running_mean", Tensor.zeros(channels));
        this.runningVar = buffer("running_var", Tensor.ones(channels));
        this.numBatchesTracked = buffer("num_batches_tracked", Tensor.zeros(), Parameter.StoredAs.I64);
        this.eps = eps;
        this.momentum = momentum;
    }

    public float eps() {
        return eps;
    }

    @Override
    public Tensor forward(Tensor x) {
        boolean training = isTraining();
        if (training) {
            try (var s = GradMode.disable()) {
                numBatchesTracked.get().addInPlace(Tensor.full(numBatchesTracked.get().device(), 1f), 1f);
            }
        }
        return F.batchNorm2d(x, runningMean.get(), runningVar.get(), weight.get(), bias.get(), training, momentum, eps);
    }
}
