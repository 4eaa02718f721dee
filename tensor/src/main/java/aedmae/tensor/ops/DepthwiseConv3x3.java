package aedmae.tensor.ops;

import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.Node;

/**
 * Depthwise 3x3 convolution (groups = channels, stride 1, padding 1, no bias) computed
 * channels-last. Input [B, C, H, W] in any layout; output [B, C, H, W] as a channels-last view.
 */
public final class DepthwiseConv3x3 extends Node {
    private Tensor xl, w;

    private DepthwiseConv3x3(Tensor x, Tensor w, Tensor xl) {
        super(x, w);
        this.xl = xl;
        this.w = w.detach().contiguous();
    }

    public static Tensor apply(Tensor x, Tensor w) {
        Shape.check(x.dim() == 4 && w.dim() == 4 && w.size(0) == x.size(1) && w.size(1) == 1 && w.size(2) == 3 && w.size(3) == 3,
                "depthwise_conv3x3", "needs x [B, C, H, W] and w [C, 1, 3, 3]", x.shape(), w.shape());
        Tensor xl = channelsLast(x.detach());
        Tensor wc = w.detach().contiguous();
        Tensor y = emptyChannelsLast(x);
        x.backend().depthwiseConv3x3(xl.storage(), xl.offset(), wc.storage(), wc.offset(),
                x.size(0), x.size(2), x.size(3), x.size(1), y.storage(), 0);
        if (Node.recording(x, w)) y.attach(new DepthwiseConv3x3(x, w, xl));
        return y;
    }

    /** x itself when it is already channels-last, else a channels-last copy. */
    static Tensor channelsLast(Tensor x) {
        if (x.isChannelsLast()) return x;
        Tensor out = emptyChannelsLast(x);
        x.backend().copy(x.shape(), x.storage(), x.offset(), x.strides(), out.storage(), 0, out.strides(), false);
        return out;
    }

    /** A zero tensor of x's [B, C, H, W] shape stored as [B, H, W, C]. */
    static Tensor emptyChannelsLast(Tensor x) {
        int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        // every user writes all elements (the kernel's output, or a full channels-last copy)
        return Tensor.wrap(x.backend().allocateUninitialized(x.numel()), x.shape(), new int[]{h * w * c, 1, w * c, c}, 0);
    }

    @Override
    public Tensor[] backward(Tensor g) {
        Tensor gl = channelsLast(g);
        Tensor dx = needs(0) ? emptyChannelsLast(xl) : null;
        Tensor dw = needs(1) ? OpOutputs.empty(xl, w.shape()) : null;
        xl.backend().depthwiseConv3x3Backward(xl.storage(), xl.offset(), w.storage(), w.offset(), gl.storage(), gl.offset(),
                xl.size(0), xl.size(2), xl.size(3), xl.size(1),
                dx == null ? null : dx.storage(), 0, dw == null ? null : dw.storage());
        return new Tensor[]{dx, dw};
    }

    @Override
    public void release() {
        super.release();
        xl = w = null;
    }
}
