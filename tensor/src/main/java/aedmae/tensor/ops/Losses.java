package aedmae.tensor.ops;

import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import aedmae.tensor.autograd.Node;

import java.util.Arrays;

/** Loss functions, each averaged over all elements ("mean" reduction, as PyTorch's default). */
public final class Losses {
    private Losses() {}

    /** mean((pred - target)^2); built from differentiable primitives. */
    public static Tensor mse(Tensor pred, Tensor target) {
        Shape.check(Arrays.equals(pred.shape(), target.shape()), "mse_loss", "prediction and target shapes differ", pred.shape(), target.shape());
        return pred.sub(target).square().mean();
    }

    /**
     * Binary cross-entropy on logits, mean over elements, in the stable form
     * max(x, 0) - x*t + log(1 + e^-|x|) (paper Eq. 5 with y-hat = sigmoid(x)).
     * Backward: d/dx = (sigmoid(x) - t) / n; d/dt = -x / n.
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor target) {
        Shape.check(Arrays.equals(logits.shape(), target.shape()), "binary_cross_entropy_with_logits", "logits and target shapes differ", logits.shape(), target.shape());
        Tensor out;
        try (var s = GradMode.disable()) {
            Tensor x = logits, t = target;
            out = x.relu().sub(x.mul(t)).add(x.abs().neg().exp().add(1f).log()).mean();
        }
        if (Node.recording(logits, target)) out.attach(new BceWithLogits(logits, target));
        return out;
    }

    static final class BceWithLogits extends Node {
        private Tensor x, t;

        BceWithLogits(Tensor x, Tensor t) {
            super(x, t);
            this.x = x.detach();
            this.t = t.detach();
        }

        @Override
        public Tensor[] backward(Tensor g) {
            float scale = 1f / x.numel();
            Tensor gs = g.reshape().mul(scale);
            return new Tensor[]{
                    needs(0) ? x.sigmoid().sub(t).mul(gs) : null,
                    needs(1) ? x.neg().mul(gs) : null};
        }

        @Override
        public void release() {
            super.release();
            x = t = null;
        }
    }
}
