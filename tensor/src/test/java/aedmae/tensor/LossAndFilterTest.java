package aedmae.tensor;

import org.junit.jupiter.api.Test;

import static aedmae.tensor.Testing.assertClose;
import static aedmae.tensor.Testing.gradCheck;
import static aedmae.tensor.Testing.param;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LossAndFilterTest {
    private final Rng rng = new Rng(23);

    @Test
    void mseAndBceMatchTheirFormulas() {
        Tensor p = Tensor.of(new float[]{1, 2, 3}, 3), t = Tensor.of(new float[]{1, 0, 5}, 3);
        assertEquals((0 + 4 + 4) / 3.0, F.mseLoss(p, t).item(), 1e-6);
        float[] x = {-30f, -2f, 0f, 1.5f, 40f};
        float[] y = {0f, 1f, 1f, 0f, 1f};
        double ref = 0;
        for (int i = 0; i < x.length; i++) {
            double s = 1 / (1 + Math.exp(-x[i]));
            double l = -(y[i] * Math.log(Math.max(s, 1e-300)) + (1 - y[i]) * Math.log(Math.max(1 - s, 1e-300)));
            if (x[i] == -30f && y[i] == 0f) l = Math.log1p(Math.exp(-30)); // tiny, exact
            ref += l;
        }
        assertEquals(ref / x.length, F.bceWithLogits(Tensor.of(x, 5), Tensor.of(y, 5)).item(), 1e-5);
        gradCheck("mse", tt -> F.mseLoss(tt[0], tt[1]), param(rng, 2, 3), param(rng, 2, 3));
        gradCheck("bce with logits", tt -> F.bceWithLogits(tt[0], tt[1]), param(rng, 4), rng.uniform(0, 1, 4).requiresGrad(true));
    }

    @Test
    void medianFilterHandCaseAndAgainstSorting() {
        // replicated borders: the corner sees itself 4 times
        Tensor x = Tensor.of(new float[]{9, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 3, 3);
        assertClose(new float[]{1, 1, 1, 1, 1, 1, 1, 1, 1}, F.medianFilter3x3(x).toArray(), 0, 0, "median removes a spike");
        Tensor z = Tensor.of(new float[]{5, 1, 2, 8}, 2, 2);
        // corner (0,0): window {5,5,1,5,5,1,2,2,8} -> sorted 1,1,2,2,5,5,5,5,8 -> 5
        assertEquals(5f, F.medianFilter3x3(z).get(0, 0), 0);
        // 45 columns: the vector path (interior), the scalar borders and a scalar tail
        int h = 7, wd = 45;
        Tensor r = Testing.rand(rng, 2, h, wd);
        float[] v = r.toArray(), m = F.medianFilter3x3(r).toArray();
        for (int p = 0; p < 2; p++) for (int i = 0; i < h; i++) for (int j = 0; j < wd; j++) {
            float[] w = new float[9];
            int k = 0;
            for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
                int yy = Math.min(Math.max(i + dy, 0), h - 1), xx = Math.min(Math.max(j + dx, 0), wd - 1);
                w[k++] = v[(p * h + yy) * wd + xx];
            }
            java.util.Arrays.sort(w);
            assertEquals(w[4], m[(p * h + i) * wd + j], 0, "median at " + p + "," + i + "," + j);
        }
    }

    @Test
    void motionWeightsFollowEquationsOneAndTwo() {
        // B=1, H=W=4, patch 2: 4 tokens. Gradient channel maxima per token: (3, 1, 0, 0) on all channels
        float[] g = new float[3 * 16];
        for (int c = 0; c < 3; c++) {
            g[c * 16] = 3f;          // token 0
            g[c * 16 + 3] = 1f;      // token 1 (row 0, col 3)
        }
        Tensor grad = Tensor.of(g, 1, 3, 4, 4);
        assertClose(new float[]{0.75f, 0.25f, 0, 0}, F.motionWeights(grad, null, 2, 128f).toArray(), 1e-6, 0, "Eq. 1-2");
        // an anomaly pixel in token 3 adds max(128, max grad) = 128 to every channel there
        float[] a = new float[16];
        a[15] = 1f;
        Tensor w = F.motionWeights(grad, Tensor.of(a, 1, 1, 4, 4), 2, 128f);
        assertClose(new float[]{3f / 132, 1f / 132, 0, 128f / 132}, w.toArray(), 1e-6, 0, "anomaly map boosts its tokens");
        // no motion at all: uniform
        assertClose(new float[]{0.25f, 0.25f, 0.25f, 0.25f}, F.motionWeights(Tensor.zeros(1, 3, 4, 4), null, 2, 128f).toArray(), 0, 0, "uniform");
    }
}
