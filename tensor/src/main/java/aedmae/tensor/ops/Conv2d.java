package aedmae.tensor.ops;

import aedmae.tensor.GemmDesc;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import aedmae.tensor.autograd.Node;

/**
 * 2-D convolution (torch.nn.functional.conv2d) on [B, Cin, H, W] with weights
 * [Cout, Cin/groups, kh, kw], stride, zero padding and groups. Three shapes of the AED-MAE
 * model take fast paths; everything else runs im2col + GEMM:
 * <ul>
 * <li>depthwise 3x3, stride 1, padding 1 (the CvT q/k/v projections): {@link DepthwiseConv3x3},
 *     channels-last, no copy of token tensors;</li>
 * <li>1x1, stride 1 (the pointwise-convolution MLP): one GEMM over all pixels, channels-last
 *     in and out when the input is channels-last;</li>
 * <li>stride = kernel, no padding (patch embedding): a permutation into patch rows, then one
 *     GEMM; the output is a channels-last view whose flatten(2).transpose(1, 2) is a free view.</li>
 * </ul>
 */
public final class Conv2d extends Node {
    private Tensor x, w;
    private final int groups, sh, sw, ph, pw, outH, outW;
    private final boolean hasBias;

    private Conv2d(Tensor x, Tensor w, Tensor b, int groups, int sh, int sw, int ph, int pw, int outH, int outW) {
        super(x, w, b);
        this.x = x.detach().contiguous();
        this.w = w.detach().contiguous();
        this.hasBias = b != null;
        this.groups = groups;
        this.sh = sh;
        this.sw = sw;
        this.ph = ph;
        this.pw = pw;
        this.outH = outH;
        this.outW = outW;
    }

    public static Tensor apply(Tensor x, Tensor w, Tensor b, int stride, int padding, int groups) {
        return apply(x, w, b, stride, stride, padding, padding, groups);
    }

    public static Tensor apply(Tensor x, Tensor w, Tensor b, int sh, int sw, int ph, int pw, int groups) {
        SameDevice.backend("conv2d", x, w, b);
        Shape.check(x.dim() == 4, "conv2d", "input must be [B, C, H, W]", x.shape());
        Shape.check(w.dim() == 4, "conv2d", "weight must be [Cout, Cin/groups, kh, kw]", w.shape());
        int n = x.size(0), cin = x.size(1), h = x.size(2), wd = x.size(3);
        int cout = w.size(0), kh = w.size(2), kw = w.size(3);
        Shape.check(groups >= 1 && cin % groups == 0 && cout % groups == 0, "conv2d",
                "channels must divide into " + groups + " groups", x.shape(), w.shape());
        Shape.check(w.size(1) == cin / groups, "conv2d", "weight's input channels must be Cin/groups", x.shape(), w.shape());
        Shape.check(b == null || (b.dim() == 1 && b.size(0) == cout), "conv2d", "bias must be [Cout]", w.shape(), b == null ? new int[0] : b.shape());
        Shape.check(sh >= 1 && sw >= 1 && ph >= 0 && pw >= 0, "conv2d", "stride must be >= 1 and padding >= 0", x.shape());
        int outH = (h + 2 * ph - kh) / sh + 1, outW = (wd + 2 * pw - kw) / sw + 1;
        Shape.check(h + 2 * ph >= kh && wd + 2 * pw >= kw, "conv2d", "kernel larger than the padded input", x.shape(), w.shape());

        if (groups == cin && cout == cin && kh == 3 && kw == 3 && sh == 1 && sw == 1 && ph == 1 && pw == 1) {
            Tensor y = DepthwiseConv3x3.apply(x, w);
            return b == null ? y : y.add(b.reshape(1, cout, 1, 1));
        }
        if (kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0 && groups == 1) {
            return pointwise(x, w, b);
        }
        if (kh == sh && kw == sw && ph == 0 && pw == 0 && groups == 1) {
            return patches(x, w, b, outH, outW);
        }
        Tensor y = general(x.detach().contiguous(), w.detach().contiguous(), b, groups, sh, sw, ph, pw, outH, outW);
        if (Node.recording(x, w, b)) y.attach(new Conv2d(x, w, b, groups, sh, sw, ph, pw, outH, outW));
        return y;
    }

    /** 1x1 convolution as a linear map over channels. */
    private static Tensor pointwise(Tensor x, Tensor w, Tensor b) {
        int n = x.size(0), cout = w.size(0), cin = x.size(1), h = x.size(2), wd = x.size(3);
        Tensor w2 = w.reshape(cout, cin);
        if (x.isChannelsLast()) {
            // [B, H, W, Cin] is a free view; Linear keeps rows, so the output is channels-last too
            return Linear.apply(x.permute(0, 2, 3, 1), w2, b).permute(0, 3, 1, 2);
        }
        Tensor y = w2.matmul(x.reshape(n, cin, h * wd));
        if (b != null) y = y.add(b.reshape(cout, 1));
        return y.reshape(n, cout, h, wd);
    }

    /** Stride = kernel: every output pixel reads its own k x k patch, so im2col is a permutation. */
    private static Tensor patches(Tensor x, Tensor w, Tensor b, int outH, int outW) {
        int n = x.size(0), c = x.size(1), cout = w.size(0), kh = w.size(2), kw = w.size(3);
        Tensor rows = x.slice(2, 0, outH * kh).slice(3, 0, outW * kw)
                .reshape(n, c, outH, kh, outW, kw)
                .permute(0, 2, 4, 1, 3, 5)            // [B, Hp, Wp, C, kh, kw]
                .reshape(n * outH * outW, c * kh * kw);
        Tensor y = Linear.apply(rows, w.reshape(cout, c * kh * kw), b);
        return y.reshape(n, outH, outW, cout).permute(0, 3, 1, 2);
    }

    /** im2col + GEMM per image and group. */
    private static Tensor general(Tensor x, Tensor w, Tensor b, int groups, int sh, int sw, int ph, int pw, int outH, int outW) {
        int n = x.size(0), cin = x.size(1), h = x.size(2), wd = x.size(3);
        int cout = w.size(0), kh = w.size(2), kw = w.size(3);
        int cg = cin / groups, og = cout / groups, kdim = cg * kh * kw, pix = outH * outW;
        Tensor y = OpOutputs.empty(x, n, cout, outH, outW);
        Tensor col = OpOutputs.empty(x, kdim, pix);
        for (int i = 0; i < n; i++) {
            for (int g = 0; g < groups; g++) {
                int xOff = x.offset() + (i * cin + g * cg) * h * wd;
                x.backend().im2col(x.storage(), xOff, cg, h, wd, kh, kw, sh, sw, ph, pw, outH, outW, col.storage(), 0);
                x.backend().gemm(GemmDesc.single(og, pix, kdim, 1f, 0f,
                        w.storage(), w.offset() + g * og * kdim, kdim, false,
                        col.storage(), 0, pix, false,
                        y.storage(), (i * cout + g * og) * pix, pix));
            }
        }
        if (b == null) return y;
        try (var s = GradMode.disable()) {
            return y.add(b.reshape(1, cout, 1, 1));
        }
    }

    @Override
    public Tensor[] backward(Tensor gy) {
        int n = x.size(0), cin = x.size(1), h = x.size(2), wd = x.size(3);
        int cout = w.size(0), kh = w.size(2), kw = w.size(3);
        int cg = cin / groups, og = cout / groups, kdim = cg * kh * kw, pix = outH * outW;
        Tensor g = gy.contiguous();
        Tensor dx = needs(0) ? OpOutputs.empty(x, x.shape()) : null;
        Tensor dw = needs(1) ? OpOutputs.empty(x, w.shape()) : null;
        Tensor col = OpOutputs.empty(x, kdim, pix), dcol = OpOutputs.empty(x, kdim, pix);
        for (int i = 0; i < n; i++) {
            for (int gr = 0; gr < groups; gr++) {
                int xOff = x.offset() + (i * cin + gr * cg) * h * wd;
                int gOff = g.offset() + (i * cout + gr * og) * pix;
                if (dw != null) {
                    // dW[g] += dY[i, g] (og x pix) * col^T (pix x kdim)
                    x.backend().im2col(x.storage(), xOff, cg, h, wd, kh, kw, sh, sw, ph, pw, outH, outW, col.storage(), 0);
                    x.backend().gemm(GemmDesc.single(og, kdim, pix, 1f, 1f,
                            g.storage(), gOff, pix, false, col.storage(), 0, pix, true,
                            dw.storage(), gr * og * kdim, kdim));
                }
                if (dx != null) {
                    // dcol = W[g]^T (kdim x og) * dY[i, g] (og x pix), then scatter back with col2im
                    x.backend().gemm(GemmDesc.single(kdim, pix, og, 1f, 0f,
                            w.storage(), w.offset() + gr * og * kdim, kdim, true, g.storage(), gOff, pix, false,
                            dcol.storage(), 0, pix));
                    x.backend().col2im(dcol.storage(), 0, cg, h, wd, kh, kw, sh, sw, ph, pw, outH, outW,
                            dx.storage(), (i * cin + gr * cg) * h * wd);
                }
            }
        }
        Tensor db = hasBias && needs(2) ? Reductions.sum(g, new int[]{0, 2, 3}, false) : null;
        return new Tensor[]{dx, dw, db};
    }

    @Override
    public void release() {
        super.release();
        x = w = null;
    }
}
