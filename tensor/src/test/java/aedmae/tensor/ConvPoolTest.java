package aedmae.tensor;

import org.junit.jupiter.api.Test;

import static aedmae.tensor.Testing.assertClose;
import static aedmae.tensor.Testing.gradCheck;
import static aedmae.tensor.Testing.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvPoolTest {
    private final Rng rng = new Rng(17);

    /** Direct definition of a grouped, strided, padded convolution, in double. */
    static float[] naiveConv(Tensor x, Tensor w, Tensor b, int stride, int pad, int groups) {
        int n = x.size(0), cin = x.size(1), h = x.size(2), wd = x.size(3);
        int cout = w.size(0), kh = w.size(2), kw = w.size(3);
        int oh = (h + 2 * pad - kh) / stride + 1, ow = (wd + 2 * pad - kw) / stride + 1;
        int cg = cin / groups, og = cout / groups;
        float[] xv = x.toArray(), wv = w.toArray(), bv = b == null ? null : b.toArray();
        float[] out = new float[n * cout * oh * ow];
        for (int i = 0; i < n; i++) for (int o = 0; o < cout; o++) for (int y = 0; y < oh; y++) for (int xx = 0; xx < ow; xx++) {
            double acc = bv == null ? 0 : bv[o];
            int g = o / og;
            for (int c = 0; c < cg; c++) for (int ky = 0; ky < kh; ky++) for (int kx = 0; kx < kw; kx++) {
                int iy = y * stride - pad + ky, ix = xx * stride - pad + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                acc += (double) xv[((i * cin + g * cg + c) * h + iy) * wd + ix] * wv[((o * cg + c) * kh + ky) * kw + kx];
            }
            out[((i * cout + o) * oh + y) * ow + xx] = (float) acc;
        }
        return out;
    }

    @Test
    void handComputedConvolution() {
        // 1x1x3x3 input, 2x2 kernel of ones, stride 1, no padding: sums of 2x2 windows
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.ones(1, 1, 2, 2);
        assertClose(new float[]{12, 16, 24, 28}, F.conv2d(x, w, null, 1, 0, 1).toArray(), 0, 0, "2x2 sums");
        // padding 1 with a 3x3 kernel whose only non-zero is the centre: identity
        Tensor id = Tensor.zeros(1, 1, 3, 3);
        id.fill(0f);
        Tensor k = Tensor.of(new float[]{0, 0, 0, 0, 1, 0, 0, 0, 0}, 1, 1, 3, 3);
        assertClose(x, F.conv2d(x, k, null, 1, 1, 1), 0, 0, "centre tap");
    }

    @Test
    void everyPathMatchesTheDefinition() {
        Tensor x = Testing.rand(rng, 2, 6, 8, 12);
        // general: grouped, strided, padded, with bias
        Tensor w = Testing.rand(rng, 4, 3, 3, 3), b = Testing.rand(rng, 4);
        assertClose(naiveConv(x, w, b, 2, 1, 2), F.conv2d(x, w, b, 2, 1, 2).toArray(), 1e-5, 1e-5, "general");
        // depthwise 3x3
        Tensor dw = Testing.rand(rng, 6, 1, 3, 3);
        Tensor y = F.conv2d(x, dw, null, 1, 1, 6);
        assertTrue(y.isChannelsLast(), "depthwise output is channels-last");
        assertClose(naiveConv(x, dw, null, 1, 1, 6), y.toArray(), 1e-5, 1e-5, "depthwise");
        // depthwise on a channels-last input
        Tensor xcl = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        assertClose(naiveConv(x, dw, null, 1, 1, 6), F.conv2d(xcl, dw, null, 1, 1, 6).toArray(), 1e-5, 1e-5, "depthwise channels-last in");
        // pointwise, NCHW and channels-last
        Tensor pw = Testing.rand(rng, 5, 6, 1, 1), pb = Testing.rand(rng, 5);
        assertClose(naiveConv(x, pw, pb, 1, 0, 1), F.conv2d(x, pw, pb, 1, 0, 1).toArray(), 1e-5, 1e-5, "pointwise");
        Tensor pcl = F.conv2d(xcl, pw, pb, 1, 0, 1);
        assertTrue(pcl.isChannelsLast(), "pointwise keeps channels-last");
        assertClose(naiveConv(x, pw, pb, 1, 0, 1), pcl.toArray(), 1e-5, 1e-5, "pointwise channels-last");
        // patch embedding (stride = kernel), with a size that does not divide evenly
        Tensor pe = Testing.rand(rng, 7, 6, 4, 4), peb = Testing.rand(rng, 7);
        Tensor xo = Testing.rand(rng, 2, 6, 9, 13);
        Tensor patch = F.conv2d(xo, pe, peb, 4, 0, 1);
        assertArrayEquals(new int[]{2, 7, 2, 3}, patch.shape());
        assertClose(naiveConv(xo, pe, peb, 4, 0, 1), patch.toArray(), 1e-5, 1e-5, "patch embedding");
        assertTrue(patch.flatten(2).transpose(1, 2).isContiguous(), "patch tokens are a free view");
    }

    @Test
    void convolutionGradientsOnEveryPath() {
        Tensor x = param(rng, 2, 4, 5, 6);
        gradCheck("general conv", t -> F.conv2d(t[0], t[1], t[2], 2, 1, 2), x, param(rng, 6, 2, 3, 3), param(rng, 6));
        gradCheck("depthwise conv", t -> F.conv2d(t[0], t[1], null, 1, 1, 4), x, param(rng, 4, 1, 3, 3));
        gradCheck("depthwise conv, channels-last view", t -> F.conv2d(t[0].permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2), t[1], null, 1, 1, 4), x, param(rng, 4, 1, 3, 3));
        gradCheck("pointwise conv", t -> F.conv2d(t[0], t[1], t[2], 1, 0, 1), x, param(rng, 3, 4, 1, 1), param(rng, 3));
        gradCheck("pointwise conv channels-last", t -> F.conv2d(t[0].permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2), t[1], t[2], 1, 0, 1), x, param(rng, 3, 4, 1, 1), param(rng, 3));
        gradCheck("patch conv", t -> F.conv2d(t[0], t[1], t[2], 2, 0, 1), x, param(rng, 3, 4, 2, 2), param(rng, 3));
    }

    @Test
    void depthwiseVectorPathsAtModelChannelCounts() {
        // 48 channels: three full vectors; 40: two vectors and a scalar tail; edges and interior
        for (int c : new int[]{48, 40}) {
            Tensor x = Testing.rand(rng, 2, c, 5, 7), w = Testing.rand(rng, c, 1, 3, 3);
            assertClose(naiveConv(x, w, null, 1, 1, c), F.conv2d(x, w, null, 1, 1, c).toArray(), 1e-5, 1e-5, "depthwise C=" + c);
            for (int width : new int[]{1, 2}) { // grids one and two columns wide take special paths
                Tensor narrow = Testing.rand(rng, 1, c, 3, width);
                assertClose(naiveConv(narrow, w, null, 1, 1, c), F.conv2d(narrow, w, null, 1, 1, c).toArray(), 1e-5, 1e-5, "depthwise W=" + width);
            }
            gradCheck("depthwise C=" + c, t -> F.conv2d(t[0], t[1], null, 1, 1, c), x.requiresGrad(true), w.requiresGrad(true));
        }
    }

    @Test
    void convolutionRefusesBadShapes() {
        Tensor x = Tensor.zeros(1, 4, 5, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> F.conv2d(x, Tensor.zeros(2, 3, 3, 3), null, 1, 1, 1));
        assertTrue(e.getMessage().startsWith("conv2d"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.conv2d(x, Tensor.zeros(2, 4, 7, 7), null, 1, 0, 1));
    }

    @Test
    void handComputedPooling() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 1, 1, 4, 4);
        assertClose(new float[]{6, 8, 14, 16}, F.maxPool2d(x, 2, 2, 0).toArray(), 0, 0, "max pool");
        assertClose(new float[]{3.5f, 5.5f, 11.5f, 13.5f}, F.avgPool2d(x, 2, 2, 0).toArray(), 0, 0, "avg pool");
        // padded 3x3 stride 2: windows clipped at the border (avg counts the padding)
        assertClose(new float[]{6, 8, 14, 16}, F.maxPool2d(x, 3, 2, 1).toArray(), 0, 0, "padded max pool");
        assertClose(new float[]{14f / 9, 30f / 9, 57f / 9, 99f / 9}, F.avgPool2d(x, 3, 2, 1).toArray(), 1e-6, 1e-6, "padded avg pool");
    }

    @Test
    void poolingGradients() {
        // distinct values so the max is unique and stable under the probe
        float[] v = new float[2 * 3 * 6 * 6];
        int[] perm = rng.permutation(v.length);
        for (int i = 0; i < v.length; i++) v[i] = perm[i] * 0.1f;
        Tensor x = Tensor.of(v, 2, 3, 6, 6).requiresGrad(true);
        gradCheck("max pool", t -> F.maxPool2d(t[0], 2, 2, 0), 1e-3, 2e-3, 2e-2, x);
        gradCheck("max pool padded overlap", t -> F.maxPool2d(t[0], 3, 2, 1), 1e-3, 2e-3, 2e-2, x);
        gradCheck("avg pool", t -> F.avgPool2d(t[0], 3, 2, 1), x);
    }
}
