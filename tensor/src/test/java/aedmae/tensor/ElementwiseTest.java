package aedmae.tensor;

import aedmae.tensor.cpu.Elementwise;
import org.junit.jupiter.api.Test;

import static aedmae.tensor.Testing.assertClose;
import static aedmae.tensor.Testing.gradCheck;
import static aedmae.tensor.Testing.param;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElementwiseTest {
    private final Rng rng = new Rng(7);

    @Test
    void broadcastingArithmeticMatchesScalarLoops() {
        Tensor a = Testing.rand(rng, 2, 3, 4), b = Testing.rand(rng, 3, 1);
        float[] av = a.toArray(), bv = b.toArray();
        float[] sum = a.add(b).toArray(), prod = a.mul(b).toArray(), quo = a.div(b.add(3f)).toArray(), dif = a.sub(b).toArray();
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) {
            int o = (i * 3 + j) * 4 + k;
            assertEquals(av[o] + bv[j], sum[o], 1e-6);
            assertEquals(av[o] * bv[j], prod[o], 1e-6);
            assertEquals(av[o] - bv[j], dif[o], 1e-6);
            assertEquals(av[o] / (bv[j] + 3f), quo[o], 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> a.add(Testing.rand(rng, 2, 4)), "incompatible shapes must be refused");
    }

    @Test
    void incompatibleShapesNameTheOperation() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mul(Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("mul") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void unaryFunctionsMatchJavaMath() {
        float[] xs = {-3f, -1.5f, -0.3f, 0.2f, 0.9f, 2.5f};
        Tensor x = Tensor.of(xs, 6);
        float[] exp = x.exp().toArray(), tanh = x.tanh().toArray(), sig = x.sigmoid().toArray(), abs = x.abs().toArray();
        float[] log = x.abs().log().toArray(), sqrt = x.abs().sqrt().toArray(), pow = x.abs().pow(1.5f).toArray();
        float[] cl = x.clamp(-1f, 1f).toArray();
        for (int i = 0; i < xs.length; i++) {
            assertEquals(Math.exp(xs[i]), exp[i], 1e-6 * Math.exp(xs[i]));
            assertEquals(Math.tanh(xs[i]), tanh[i], 1e-6);
            assertEquals(1 / (1 + Math.exp(-xs[i])), sig[i], 1e-6);
            assertEquals(Math.abs(xs[i]), abs[i], 0);
            assertEquals(Math.log(Math.abs(xs[i])), log[i], 1e-6);
            assertEquals(Math.sqrt(Math.abs(xs[i])), sqrt[i], 1e-6);
            assertEquals(Math.pow(Math.abs(xs[i]), 1.5), pow[i], 1e-5);
            assertEquals(Math.max(-1, Math.min(1, xs[i])), cl[i], 0);
        }
    }

    @Test
    void erfAndGeluMatchReferenceValues() {
        // erf values from the standard tables (scipy.special.erf)
        double[][] table = {{0.1, 0.1124629160182849}, {0.5, 0.5204998778130465}, {1.0, 0.8427007929497149},
                {2.0, 0.9953222650189527}, {3.5, 0.9999992569016276}, {-0.7, -0.6778011938374184}, {6.0, 1.0}};
        for (double[] row : table) assertEquals(row[1], Elementwise.erf(row[0]), 2e-7, "erf(" + row[0] + ")");
        // GELU(x) = x * Phi(x): torch.nn.functional.gelu(torch.tensor([-2., -0.5, 0.5, 1., 3.]))
        float[] expected = {-0.04550027f, -0.15426877f, 0.34573123f, 0.84134475f, 2.99595031f};
        assertClose(expected, Tensor.of(new float[]{-2f, -0.5f, 0.5f, 1f, 3f}, 5).gelu().toArray(), 1e-6, 1e-6, "gelu");
        // vector lanes and scalar tail compute the same function: 37 values, not a multiple of the width
        float[] xs = new float[37];
        for (int i = 0; i < xs.length; i++) xs[i] = -4f + i * 0.23f;
        float[] y = Tensor.of(xs, 37).gelu().toArray();
        for (int i = 0; i < xs.length; i++) assertEquals(Elementwise.gelu(xs[i]), y[i], 2e-7, "lane " + i);
    }

    @Test
    void binaryGradientsWithBroadcasting() {
        Tensor a = param(rng, 2, 3, 4), b = param(rng, 3, 1);
        gradCheck("add", t -> t[0].add(t[1]), a, b);
        gradCheck("sub", t -> t[0].sub(t[1]), a, b);
        gradCheck("mul", t -> t[0].mul(t[1]), a, b);
        Tensor pos = rng.uniform(1f, 2f, 3, 1).requiresGrad(true);
        gradCheck("div", t -> t[0].div(t[1]), a, pos);
        Tensor c = param(rng, 4);
        gradCheck("maximum", t -> t[0].maximum(t[1]), a, c);
        gradCheck("minimum", t -> t[0].minimum(t[1]), a, c);
    }

    @Test
    void binaryGradientsThroughNonContiguousViews() {
        Tensor a = param(rng, 4, 3), b = param(rng, 3, 4);
        // a transposed view plus a sliced view of another tensor
        gradCheck("add of views", t -> t[0].transpose(0, 1).mul(t[1].slice(1, 0, 4, 1)), a, b);
        Tensor c = param(rng, 2, 5, 6);
        gradCheck("strided slice", t -> t[0].slice(2, 1, 6, 2).mul(t[0].slice(2, 0, 5, 2)), c);
    }

    @Test
    void unaryGradients() {
        Tensor x = param(rng, 3, 5);
        gradCheck("exp", t -> t[0].exp(), x);
        gradCheck("tanh", t -> t[0].tanh(), x);
        gradCheck("sigmoid", t -> t[0].sigmoid(), x);
        gradCheck("gelu", t -> t[0].gelu(), x);
        gradCheck("neg", t -> t[0].neg(), x);
        gradCheck("square", t -> t[0].square(), x);
        gradCheck("affine", t -> t[0].mul(3f).add(1f), x);
        Tensor pos = rng.uniform(0.5f, 2f, 3, 5).requiresGrad(true);
        gradCheck("log", t -> t[0].log(), pos);
        gradCheck("sqrt", t -> t[0].sqrt(), pos);
        gradCheck("pow", t -> t[0].pow(2.5f), pos);
        gradCheck("reciprocal", t -> t[0].reciprocal(), pos);
        // kinks: probe away from them
        Tensor away = Tensor.of(new float[]{-0.8f, -0.4f, 0.3f, 0.7f, 1.6f, -1.7f}, 6).requiresGrad(true);
        gradCheck("abs", t -> t[0].abs(), away);
        gradCheck("relu", t -> t[0].relu(), away);
        gradCheck("clamp", t -> t[0].clamp(-1f, 1f), away);
    }

    @Test
    void denseLayoutsArePreservedByElementwiseOps() {
        Tensor x = Testing.rand(rng, 2, 4, 3, 5); // [N, C, H, W]
        Tensor cl = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2); // channels-last view
        assertTrue(cl.isChannelsLast() && !cl.isContiguous());
        Tensor y = cl.gelu();
        assertTrue(y.isChannelsLast(), "GELU keeps the channels-last layout");
        assertClose(x.gelu(), y, 1e-7, 0, "gelu on channels-last");
        Tensor z = cl.add(cl);
        assertTrue(z.isChannelsLast(), "add of two channels-last tensors stays channels-last");
        assertClose(x.mul(2f), z, 1e-6, 0, "add on channels-last");
    }

    @Test
    void comparisonsGiveZeroOrOne() {
        Tensor a = Tensor.of(new float[]{1, 2, 3}, 3), b = Tensor.of(new float[]{2, 2, 2}, 3);
        assertClose(new float[]{0, 1, 0}, a.eq(b).toArray(), 0, 0, "eq");
        assertClose(new float[]{0, 0, 1}, a.gt(b).toArray(), 0, 0, "gt");
        assertClose(new float[]{1, 0, 0}, a.lt(b).toArray(), 0, 0, "lt");
    }
}
