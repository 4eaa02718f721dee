package aedmae.tensor.ops;

import aedmae.tensor.ModelKernels;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;

/** Image filters without gradient. */
public final class Filters {
    private Filters() {}

    /** 3x3 median filter over the last two dims, replicated borders. No gradient. */
    public static Tensor medianFilter3x3(Tensor x) {
        Shape.check(x.dim() >= 2, "median_filter3x3", "input needs at least [H, W]", x.shape());
        int h = x.size(-2), w = x.size(-1);
        Tensor xc = x.detach().contiguous();
        Tensor y = OpOutputs.forOverwrite(x, x.shape());
        if (y.numel() > 0) {
            ModelKernels.of(x.backend()).medianFilter3x3(xc.storage(), xc.offset(), xc.numel() / (h * w), h, w, y.storage(), 0);
        }
        return y;
    }
}
