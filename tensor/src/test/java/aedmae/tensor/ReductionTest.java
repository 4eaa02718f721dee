package aedmae.tensor;

import org.junit.jupiter.api.Test;

import static aedmae.tensor.Testing.assertClose;
import static aedmae.tensor.Testing.gradCheck;
import static aedmae.tensor.Testing.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ReductionTest {
    private final Rng rng = new Rng(11);

    @Test
    void sumMeanAmaxOverDimsMatchLoops() {
        Tensor x = Testing.rand(rng, 2, 3, 4);
        float[] v = x.toArray();
        float[] s02 = x.sum(new int[]{0, 2}, false).toArray();
        float[] m1 = x.mean(1, true).toArray();
        float[] a12 = x.amax(new int[]{1, 2}, false).toArray();
        for (int j = 0; j < 3; j++) {
            double acc = 0;
            for (int i = 0; i < 2; i++) for (int k = 0; k < 4; k++) acc += v[(i * 3 + j) * 4 + k];
            assertEquals(acc, s02[j], 1e-5);
        }
        for (int i = 0; i < 2; i++) for (int k = 0; k < 4; k++) {
            double acc = 0;
            for (int j = 0; j < 3; j++) acc += v[(i * 3 + j) * 4 + k];
            assertEquals(acc / 3, m1[i * 4 + k], 1e-6);
        }
        for (int i = 0; i < 2; i++) {
            float mx = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < 12; j++) mx = Math.max(mx, v[i * 12 + j]);
            assertEquals(mx, a12[i], 0);
        }
        assertArrayEquals(new int[]{2, 1, 4}, x.mean(1, true).shape());
        assertArrayEquals(new int[0], x.sum().shape());
        assertEquals(x.sum().item(), x.sum(new int[]{0, 1, 2}, false).item(), 1e-5);
    }

    @Test
    void reductionGradients() {
        Tensor x = param(rng, 3, 4, 5);
        gradCheck("sum dims 0,2", t -> t[0].sum(new int[]{0, 2}, false), x);
        gradCheck("sum all", t -> t[0].sum(), x);
        gradCheck("mean dim 1 keep", t -> t[0].mean(1, true), x);
        gradCheck("mean dims -1", t -> t[0].mean(new int[]{-1}, false), x);
        // maxima: distinct, well-separated values and a small step, so probes never cross a tie
        float[] v = new float[60];
        int[] perm = rng.permutation(60);
        for (int i = 0; i < 60; i++) v[i] = perm[i] * 0.05f;
        Tensor d = Tensor.of(v, 3, 4, 5).requiresGrad(true);
        gradCheck("amax dims 1", t -> t[0].amax(new int[]{1}, false), 1e-3, 2e-3, 2e-2, d);
        gradCheck("amax dims 0,2", t -> t[0].amax(new int[]{0, 2}, true), 1e-3, 2e-3, 2e-2, d);
        gradCheck("max along 2", t -> t[0].max(2, false).values(), 1e-3, 2e-3, 2e-2, d);
        gradCheck("var unbiased", t -> t[0].var(new int[]{1, 2}, true, false), x);
        gradCheck("var biased keep", t -> t[0].var(new int[]{0}, false, true), x);
        gradCheck("sum of transposed view", t -> t[0].transpose(0, 2).sum(new int[]{1}, false), x);
    }

    @Test
    void amaxSharesGradientAmongTies() {
        Tensor x = Tensor.of(new float[]{1, 3, 3, 2}, 4).requiresGrad(true);
        x.amax().backward();
        assertClose(new float[]{0, 0.5f, 0.5f, 0}, x.grad().toArray(), 0, 0, "tied amax");
    }

    @Test
    void maxReturnsFirstIndex() {
        Tensor x = Tensor.of(new float[]{1, 5, 5, 2, 9, 0}, 2, 3);
        var r = x.max(1, false);
        assertArrayEquals(new int[]{1, 1}, r.indices().data());
        assertClose(new float[]{5, 9}, r.values().toArray(), 0, 0, "max values");
    }

    @Test
    void varianceMatchesTwoPassFormula() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 10, 20}, 2, 3);
        assertClose(new float[]{1f, 196f / 3}, x.var(new int[]{1}, true, false).toArray(), 1e-5, 1e-6, "unbiased var");
        assertClose(new float[]{2f / 3, 392f / 9}, x.var(new int[]{1}, false, false).toArray(), 1e-5, 1e-6, "biased var");
    }
}
