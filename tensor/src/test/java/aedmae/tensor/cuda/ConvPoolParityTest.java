package aedmae.tensor.cuda;

import aedmae.tensor.ModelKernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static aedmae.tensor.cuda.Precision.FP32;

/** im2col/col2im, depthwise convolution, pooling and the median filter against their CPU twins (GPU only). */
class ConvPoolParityTest {
    @BeforeAll
    static void gpu() {
        Gpu.assume();
    }

    /** {C, H, W, kh, kw, sh, sw, ph, pw}: 3x3 same, the patch embedding (stride = kernel), strided and padded. */
    private static final int[][] GEOMETRIES = {
            {3, 9, 11, 3, 3, 1, 1, 1, 1},
            {9, 16, 32, 4, 4, 4, 4, 0, 0},
            {2, 10, 7, 3, 3, 2, 2, 1, 1},
            {1, 5, 5, 5, 5, 1, 1, 0, 0},
    };

    @Test
    void im2colAndCol2im() {
        Gpu t = new Gpu();
        for (int[] g : GEOMETRIES) {
            int c = g[0], h = g[1], w = g[2], kh = g[3], kw = g[4], sh = g[5], sw = g[6], ph = g[7], pw = g[8];
            int oh = (h + 2 * ph - kh) / sh + 1, ow = (w + 2 * pw - kw) / sw + 1;
            int cols = c * kh * kw * oh * ow;
            Gpu.Pair x = t.randnPair(c * h * w + 1), col = t.poisoned(cols + 2);
            t.cpu.im2col(x.cpu(), 1, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow, col.cpu(), 2);
            t.gpu.im2col(x.gpu(), 1, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow, col.gpu(), 2);
            String what = java.util.Arrays.toString(g);
            t.assertClose("im2col " + what, col, FP32);
            Gpu.Pair dcol = t.randnPair(cols), dx = t.randnPair(c * h * w + 3); // accumulates into existing values
            t.cpu.col2im(dcol.cpu(), 0, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow, dx.cpu(), 3);
            t.gpu.col2im(dcol.gpu(), 0, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow, dx.gpu(), 3);
            t.assertClose("col2im " + what, dx, FP32);
        }
    }

    @Test
    void depthwiseConvolution() {
        Gpu t = new Gpu();
        t.eachVariant(Op.DEPTHWISE_CONV, v -> {
            // {N, H, W, C, xOff}: C % 4 == 0 aligned (vec4 applies), C odd, misaligned offset
            int[][] cases = {{2, 20, 40, 16, 0}, {3, 7, 9, 6, 0}, {1, 5, 4, 8, 1}, {2, 1, 1, 4, 0}};
            for (int[] s : cases) {
                int n = s[0], h = s[1], w = s[2], c = s[3], off = s[4];
                int size = n * h * w * c;
                Gpu.Pair x = t.randnPair(size + off), wt = t.randnPair(c * 9 + 2), y = t.poisoned(size + off);
                t.cpu.depthwiseConv3x3(x.cpu(), off, wt.cpu(), 2, n, h, w, c, y.cpu(), off);
                t.gpu.depthwiseConv3x3(x.gpu(), off, wt.gpu(), 2, n, h, w, c, y.gpu(), off);
                t.ran();
                String what = v.name() + " " + java.util.Arrays.toString(s);
                t.assertClose(what, y, FP32);
                Gpu.Pair dy = t.randnPair(size + off), dx = t.poisoned(size + off), dw = t.poisoned(c * 9);
                t.cpu.depthwiseConv3x3Backward(x.cpu(), off, wt.cpu(), 2, dy.cpu(), off, n, h, w, c, dx.cpu(), off, dw.cpu());
                t.gpu.depthwiseConv3x3Backward(x.gpu(), off, wt.gpu(), 2, dy.gpu(), off, n, h, w, c, dx.gpu(), off, dw.gpu());
                t.assertClose(what + " dx", dx, FP32);
                t.assertClose(what + " dw", dw, FP32);
            }
        });
    }

    @Test
    void depthwiseWithFoldedBias() {
        Gpu t = new Gpu();
        int n = 2, h = 6, w = 10, c = 12;
        Gpu.Pair x = t.randnPair(n * h * w * c), wt = t.randnPair(c * 9), bias = t.randnPair(c), y = t.poisoned(n * h * w * c);
        t.cpu.depthwiseConv3x3(x.cpu(), 0, wt.cpu(), 0, n, h, w, c, y.cpu(), 0);
        t.cpu.binary(aedmae.tensor.BinaryOp.ADD, new int[]{n * h * w, c}, y.cpu(), 0, new int[]{c, 1}, bias.cpu(), 0, new int[]{0, 1}, y.cpu(), 0);
        t.gpu.depthwiseConv3x3Bias(x.gpu(), 0, wt.gpu(), 0, bias.gpu(), 0, n, h, w, c, y.gpu(), 0);
        t.assertClose("depthwise + bias", y, FP32);
    }

    @Test
    void maxAndAveragePooling() {
        Gpu t = new Gpu();
        // {P, H, W, kh, kw, sh, sw, ph, pw}: the motion max-pool (p x p, stride p), overlapping padded windows
        int[][] cases = {{6, 32, 48, 16, 16, 16, 16, 0, 0}, {3, 9, 8, 3, 3, 1, 1, 1, 1}, {2, 7, 7, 2, 2, 2, 2, 0, 0}};
        for (int[] s : cases) {
            int p = s[0], h = s[1], w = s[2], kh = s[3], kw = s[4], sh = s[5], sw = s[6], ph = s[7], pw = s[8];
            int oh = (h + 2 * ph - kh) / sh + 1, ow = (w + 2 * pw - kw) / sw + 1, outs = p * oh * ow;
            String what = java.util.Arrays.toString(s);
            Gpu.Pair x = t.randnPair(p * h * w + 1), y = t.poisoned(outs + 1), arg = t.poisoned(outs);
            t.cpu.maxPool2d(x.cpu(), 1, p, h, w, kh, kw, sh, sw, ph, pw, oh, ow, y.cpu(), 1, arg.cpu());
            t.gpu.maxPool2d(x.gpu(), 1, p, h, w, kh, kw, sh, sw, ph, pw, oh, ow, y.gpu(), 1, arg.gpu());
            t.assertClose("max pool " + what, y, FP32);
            t.assertClose("max pool argmax " + what, arg, FP32);
            Gpu.Pair dy = t.randnPair(outs), dx = t.randnPair(p * h * w);
            t.cpu.maxPool2dBackward(dy.cpu(), 0, arg.cpu(), p, h, w, kh, kw, sh, sw, ph, pw, oh, ow, dx.cpu(), 0);
            t.gpu.maxPool2dBackward(dy.gpu(), 0, arg.gpu(), p, h, w, kh, kw, sh, sw, ph, pw, oh, ow, dx.gpu(), 0);
            t.assertClose("max pool backward " + what, dx, FP32);
            Gpu.Pair ya = t.poisoned(outs);
            t.cpu.avgPool2d(x.cpu(), 1, p, h, w, kh, kw, sh, sw, ph, pw, oh, ow, ya.cpu(), 0);
            t.gpu.avgPool2d(x.gpu(), 1, p, h, w, kh, kw, sh, sw, ph, pw, oh, ow, ya.gpu(), 0);
            t.assertClose("avg pool " + what, ya, FP32);
            Gpu.Pair dxa = t.randnPair(p * h * w);
            t.cpu.avgPool2dBackward(dy.cpu(), 0, p, h, w, kh, kw, sh, sw, ph, pw, oh, ow, dxa.cpu(), 0);
            t.gpu.avgPool2dBackward(dy.gpu(), 0, p, h, w, kh, kw, sh, sw, ph, pw, oh, ow, dxa.gpu(), 0);
            t.assertClose("avg pool backward " + what, dxa, FP32);
        }
    }

    @Test
    void medianFilter() {
        Gpu t = new Gpu();
        for (int[] s : new int[][]{{3, 17, 23}, {2, 1, 5}, {1, 4, 1}, {6, 160, 320}}) {
            int p = s[0], h = s[1], w = s[2];
            float[] x = t.randn(p * h * w + 2);
            for (int i = 0; i < x.length; i += 3) x[i] = Math.round(x[i] * 4) / 4f; // ties, as in 8-bit frames
            Gpu.Pair px = t.both(x), y = t.poisoned(p * h * w);
            ModelKernels.of(t.cpu).medianFilter3x3(px.cpu(), 2, p, h, w, y.cpu(), 0);
            t.gpu.medianFilter3x3(px.gpu(), 2, p, h, w, y.gpu(), 0);
            t.assertClose("median " + java.util.Arrays.toString(s), y, FP32);
        }
    }
}
