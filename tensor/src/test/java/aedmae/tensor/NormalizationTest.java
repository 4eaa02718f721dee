package aedmae.tensor;

import org.junit.jupiter.api.Test;

import static aedmae.tensor.Testing.assertClose;
import static aedmae.tensor.Testing.gradCheck;
import static aedmae.tensor.Testing.param;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizationTest {
    private final Rng rng = new Rng(13);

    @Test
    void softmaxValuesStabilityAndGradients() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 1000, 1001, 1002}, 2, 3);
        float[] e = {0.09003057f, 0.24472847f, 0.66524096f};
        assertClose(new float[]{e[0], e[1], e[2], e[0], e[1], e[2]}, x.softmax(1).toArray(), 1e-6, 1e-5, "softmax (large inputs stay finite)");
        Tensor p = param(rng, 3, 4, 5);
        gradCheck("softmax last", t -> t[0].softmax(-1), p);
        gradCheck("softmax middle", t -> t[0].softmax(1), p);
        assertClose(Tensor.ones(3, 5), p.softmax(1).sum(1, false), 1e-6, 1e-6, "softmax rows sum to 1");
    }

    @Test
    void layerNormMatchesDefinitionAndGradients() {
        Tensor x = param(rng, 2, 3, 8), w = param(rng, 8), b = param(rng, 8);
        Tensor y = F.layerNorm(x, w, b, 1e-6f);
        Tensor mean = x.mean(-1, true), var = x.var(new int[]{-1}, false, true);
        Tensor ref = x.sub(mean).div(var.add(1e-6f).sqrt()).mul(w).add(b);
        assertClose(ref, y, 1e-5, 1e-4, "layer norm");
        gradCheck("layer norm", t -> F.layerNorm(t[0], t[1], t[2], 1e-6f), x, w, b);
        gradCheck("layer norm no affine, view input", t -> F.layerNorm(t[0].transpose(0, 1), null, null, 1e-5f), x);
        // 40 columns: two vector lanes' worth and a scalar tail
        Tensor x2 = param(rng, 3, 40), w2 = param(rng, 40), b2 = param(rng, 40);
        Tensor ref2 = x2.sub(x2.mean(-1, true)).div(x2.var(new int[]{-1}, false, true).add(1e-6f).sqrt()).mul(w2).add(b2);
        assertClose(ref2, F.layerNorm(x2, w2, b2, 1e-6f), 1e-5, 1e-4, "layer norm, 40 columns");
        gradCheck("layer norm, 40 columns", t -> F.layerNorm(t[0], t[1], t[2], 1e-6f), x2, w2, b2);
    }

    @Test
    void batchNormTrainingUsesBatchStatsAndUpdatesRunningStats() {
        Tensor x = param(rng, 4, 3, 2, 5), w = param(rng, 3), b = param(rng, 3);
        Tensor rm = Tensor.zeros(3), rv = Tensor.ones(3);
        Tensor y = F.batchNorm2d(x, rm, rv, w, b, true, 0.1f, 1e-5f);
        int[] dims = {0, 2, 3};
        Tensor mean = x.mean(dims, true), var = x.var(dims, false, true);
        Tensor ref = x.sub(mean).div(var.add(1e-5f).sqrt()).mul(w.reshape(1, 3, 1, 1)).add(b.reshape(1, 3, 1, 1));
        assertClose(ref, y, 1e-5, 1e-4, "batch norm (train)");
        // running = 0.9 * running + 0.1 * batch (variance unbiased: n = 40)
        assertClose(mean.reshape(3).mul(0.1f), rm, 1e-6, 1e-5, "running mean");
        assertClose(x.var(dims, true, false).mul(0.1f).add(0.9f), rv, 1e-6, 1e-5, "running var");
        gradCheck("batch norm train", t -> F.batchNorm2d(t[0], null, null, t[1], t[2], true, 0.1f, 1e-5f), x, w, b);
    }

    @Test
    void batchNormEvalUsesRunningStats() {
        Tensor x = param(rng, 2, 3, 2, 2), w = param(rng, 3), b = param(rng, 3);
        Tensor rm = Testing.rand(rng, 3), rv = rng.uniform(0.5f, 2f, 3);
        Tensor y = F.batchNorm2d(x, rm, rv, w, b, false, 0.1f, 1e-5f);
        Tensor ref = x.sub(rm.reshape(1, 3, 1, 1)).div(rv.reshape(1, 3, 1, 1).add(1e-5f).sqrt()).mul(w.reshape(1, 3, 1, 1)).add(b.reshape(1, 3, 1, 1));
        assertClose(ref, y, 1e-5, 1e-4, "batch norm (eval)");
        gradCheck("batch norm eval", t -> F.batchNorm2d(t[0], rm, rv, t[1], t[2], false, 0.1f, 1e-5f), x, w, b);
    }

    @Test
    void batchNormOnChannelsLastKeepsTheLayout() {
        Tensor base = param(rng, 2, 3, 4, 5);
        Tensor w = param(rng, 5), b = param(rng, 5);
        Tensor cl = base.permute(0, 3, 1, 2); // [N=2, C=5, H=3, W=4] channels-last view
        Tensor y = F.batchNorm2d(cl, null, null, w, b, true, 0.1f, 1e-5f);
        assertTrue(y.isChannelsLast());
        Tensor ref = F.batchNorm2d(cl.contiguous(), null, null, w, b, true, 0.1f, 1e-5f);
        assertClose(ref, y, 1e-5, 1e-5, "channels-last batch norm");
        gradCheck("batch norm channels-last", t -> F.batchNorm2d(t[0].permute(0, 3, 1, 2), null, null, t[1], t[2], true, 0.1f, 1e-5f), base, w, b);
        assertEquals(5, y.size(1));
    }
}
