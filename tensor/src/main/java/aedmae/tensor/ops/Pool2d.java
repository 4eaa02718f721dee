package aedmae.tensor.ops;

import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.Node;

/** Max and average pooling on [B, C, H, W] (or [C, H, W]); every leading dim is a plane. */
public final class Pool2d extends Node {
    private Tensor argmax;
    private final boolean max;
    private final int[] inShape;
    private final int kh, kw, sh, sw, ph, pw, outH, outW;

    private Pool2d(Tensor x, boolean max, Tensor argmax, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW) {
        super(x);
        this.max = max;
        this.argmax = argmax;
        this.inShape = x.shape();
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.ph = ph;
        this.pw = pw;
        this.outH = outH;
        this.outW = outW;
    }

    public static Tensor max(Tensor x, int kernel, int stride, int padding) {
        return apply(true, x, kernel, kernel, stride, stride, padding, padding);
    }

    public static Tensor avg(Tensor x, int kernel, int stride, int padding) {
        return apply(false, x, kernel, kernel, stride, stride, padding, padding);
    }

    public static Tensor apply(boolean max, Tensor x, int kh, int kw, int sh, int sw, int ph, int pw) {
        String op = max ? "max_pool2d" : "avg_pool2d";
        Shape.check(x.dim() >= 2, op, "input needs at least [H, W]", x.shape());
        Shape.check(kh >= 1 && kw >= 1 && sh >= 1 && sw >= 1 && ph >= 0 && pw >= 0, op, "kernel and stride must be >= 1, padding >= 0", x.shape());
        Shape.check(ph * 2 <= kh && pw * 2 <= kw, op, "padding must be at most half the kernel", x.shape());
        int h = x.size(-2), w = x.size(-1);
        Shape.check(h + 2 * ph >= kh && w + 2 * pw >= kw, op, "kernel larger than the padded input", x.shape());
        int outH = (h + 2 * ph - kh) / sh + 1, outW = (w + 2 * pw - kw) / sw + 1;
        int planes = x.numel() / Math.max(h * w, 1);
        Tensor xc = x.detach().contiguous();
        int[] os = x.shape();
        os[os.length - 2] = outH;
        os[os.length - 1] = outW;
        Tensor y = OpOutputs.empty(x, os);
        Tensor argmax = null;
        if (max) {
            argmax = OpOutputs.empty(x, os);
            x.backend().maxPool2d(xc.storage(), xc.offset(), planes, h, w, kh, kw, sh, sw, ph, pw, outH, outW, y.storage(), 0, argmax.storage());
        } else {
            x.backend().avgPool2d(xc.storage(), xc.offset(), planes, h, w, kh, kw, sh, sw, ph, pw, outH, outW, y.storage(), 0);
        }
        if (Node.recording(x)) y.attach(new Pool2d(x, max, argmax, kh, kw, sh, sw, ph, pw, outH, outW));
        return y;
    }

    @Override
    public Tensor[] backward(Tensor g) {
        Tensor gc = g.contiguous();
        Tensor dx = OpOutputs.empty(g, inShape);
        int h = inShape[inShape.length - 2], w = inShape[inShape.length - 1];
        int planes = dx.numel() / Math.max(h * w, 1);
        if (max) {
            g.backend().maxPool2dBackward(gc.storage(), gc.offset(), argmax.storage(), planes, h, w, kh, kw, sh, sw, ph, pw, outH, outW, dx.storage(), 0);
        } else {
            g.backend().avgPool2dBackward(gc.storage(), gc.offset(), planes, h, w, kh, kw, sh, sw, ph, pw, outH, outW, dx.storage(), 0);
        }
        return new Tensor[]{dx};
    }

    @Override
    public void release() {
        super.release();
        argmax = null;
    }

    @Override
    public String name() {
        return max ? "MaxPool2d" : "AvgPool2d";
    }
}
