package aedmae.tensor;

import aedmae.tensor.ops.Attention;
import aedmae.tensor.ops.Cat;
import aedmae.tensor.ops.Conv2d;
import aedmae.tensor.ops.Dropout;
import aedmae.tensor.ops.Filters;
import aedmae.tensor.ops.FramesU8;
import aedmae.tensor.ops.Indexing;
import aedmae.tensor.ops.LayerNorm;
import aedmae.tensor.ops.Linear;
import aedmae.tensor.ops.Losses;
import aedmae.tensor.ops.Pool2d;
import aedmae.tensor.ops.Sorting;
import aedmae.tensor.ops.BatchNorm2d;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The functional API (as torch.nn.functional): operations of several tensors or with settings.
 * Single-tensor operations are methods of {@link Tensor}.
 */
public final class F {
    private F() {}

    /** y = x W^T + b over the last dim; b may be null. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return Linear.apply(x, w, b);
    }

    /** GELU(linear(x, w, b)); without autograd the GELU runs in the GEMM's epilogue (same bits). */
    public static Tensor linearGelu(Tensor x, Tensor w, Tensor b) {
        return Linear.applyGelu(x, w, b);
    }

    /** LayerNorm over the last dim; w, b may be null. */
    public static Tensor layerNorm(Tensor x, Tensor w, Tensor b, float eps) {
        return LayerNorm.apply(x, w, b, eps);
    }

    /** BatchNorm2d; running statistics are updated in place in training mode. */
    public static Tensor batchNorm2d(Tensor x, Tensor runningMean, Tensor runningVar, Tensor w, Tensor b,
                                     boolean training, float momentum, float eps) {
        return BatchNorm2d.apply(x, runningMean, runningVar, w, b, training, momentum, eps);
    }

    /** 2-D convolution with square stride and padding; b may be null. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding, int groups) {
        return Conv2d.apply(x, w, b, stride, padding, groups);
    }

    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        return Pool2d.max(x, kernel, stride, padding);
    }

    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        return Pool2d.avg(x, kernel, stride, padding);
    }

    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Cat.apply(tensors, dim);
    }

    public static Tensor cat(int dim, Tensor... tensors) {
        return Cat.apply(Arrays.asList(tensors), dim);
    }

    /** Splits along dim into pieces of the given sizes (views). */
    public static List<Tensor> split(Tensor x, int dim, int... sizes) {
        int d = Shape.dim("split", dim, x.dim());
        int total = 0;
        for (int s : sizes) total += s;
        Shape.check(total == x.size(d), "split", "sizes must add up to dimension " + d, x.shape(), sizes);
        List<Tensor> out = new ArrayList<>();
        int at = 0;
        for (int s : sizes) {
            out.add(x.slice(d, at, at + s));
            at += s;
        }
        return out;
    }

    /** Splits along dim into chunks of size (the last may be smaller), as torch.split(int). */
    public static List<Tensor> split(Tensor x, int dim, int size) {
        int d = Shape.dim("split", dim, x.dim());
        Shape.check(size > 0, "split", "chunk size must be positive", x.shape());
        List<Tensor> out = new ArrayList<>();
        for (int at = 0; at < x.size(d); at += size) out.add(x.slice(d, at, Math.min(at + size, x.size(d))));
        return out;
    }

    public static Tensor gather(Tensor x, int dim, IntTensor index) {
        return Indexing.gather(x, dim, index);
    }

    public static Tensor scatter(Tensor x, int dim, IntTensor index, Tensor src) {
        return Indexing.scatter(x, dim, index, src);
    }

    public static Tensor indexSelect(Tensor x, int dim, IntTensor index) {
        return Indexing.indexSelect(x, dim, index);
    }

    /** The stride-p convolution's rows of the kept patches: x [B, C, H, W], keep [B, K] -> [B*K, C*p*p] (patch_rows; no gradient). */
    public static Tensor patchRows(Tensor x, int patch, IntTensor keep) {
        return aedmae.tensor.ops.PatchRows.keptRows(x, patch, keep);
    }

    public static Tensor mseLoss(Tensor pred, Tensor target) {
        return Losses.mse(pred, target);
    }

    public static Tensor bceWithLogits(Tensor logits, Tensor target) {
        return Losses.bceWithLogits(logits, target);
    }

    public static Tensor dropout(Tensor x, float p, boolean training, Rng rng) {
        return Dropout.apply(x, p, training, rng);
    }

    /** 3x3 median filter over the last two dims (no gradient). */
    public static Tensor medianFilter3x3(Tensor x) {
        return Filters.medianFilter3x3(x);
    }

    /** Frames idx[j] of uint8 frames, normalised to (v − 127.5) / 127.5, viewed with shape (stack_frames_u8; no gradient). */
    public static Tensor stackFramesU8(PackedBytes frames, PackedBytes idx, int blockBytes, int... shape) {
        return FramesU8.stackFramesU8(frames, idx, blockBytes, shape);
    }

    /** bytes · scale + shift as floats, viewed with shape (u8_to_f32; no gradient). */
    public static Tensor u8ToF32(PackedBytes bytes, float scale, float shift, int... shape) {
        return FramesU8.u8ToF32(bytes, scale, shift, shape);
    }

    /** Stable ascending (or descending) argsort along dim (no gradient). */
    public static IntTensor argsort(Tensor x, int dim, boolean descending) {
        return Sorting.argsort(x, dim, descending);
    }

    /** Multi-head attention on token-major q, k, v [B, T, nh*dh] with the given score scale. */
    public static Tensor attention(Tensor q, Tensor k, Tensor v, int heads, float scale) {
        return Attention.apply(q, k, v, heads, scale);
    }

    /**
     * Token weights of the motion-weighted loss (paper Eq. 1-2 with anomaly maps): gradient
     * [B, 3, H, W], anomalyMap [B, 1, H, W] or null; returns [B, (H/p)*(W/p)], rows summing to 1.
     * No gradient.
     */
    public static Tensor motionWeights(Tensor gradient, Tensor anomalyMap, int patch, float floor) {
        Shape.check(gradient.dim() == 4 && gradient.size(1) == 3, "motion_weights", "gradient must be [B, 3, H, W]", gradient.shape());
        int b = gradient.size(0), h = gradient.size(2), w = gradient.size(3);
        Shape.check(h % patch == 0 && w % patch == 0, "motion_weights", "H and W must be multiples of the patch " + patch, gradient.shape());
        Shape.check(anomalyMap == null || java.util.Arrays.equals(anomalyMap.shape(), new int[]{b, 1, h, w}),
                "motion_weights", "anomaly map must be [B, 1, H, W]", gradient.shape(), anomalyMap == null ? new int[0] : anomalyMap.shape());
        Tensor g = gradient.detach().contiguous(), a = anomalyMap == null ? null : anomalyMap.detach().contiguous();
        Tensor out = Tensor.zeros(gradient.device(), b, (h / patch) * (w / patch));
        ModelKernels.of(gradient.backend()).motionWeights(g.storage(), g.offset(), a == null ? null : a.storage(), a == null ? 0 : a.offset(),
                b, h, w, patch, floor, out.storage(), 0);
        return out;
    }
}
