package aedmae.tensor.cuda;

import aedmae.tensor.ModelKernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static aedmae.tensor.cuda.Precision.FP32;

/** Motion weights (Eq. 1-2), the motion gradient and the weighted error (Eq. 3) (GPU only). */
class MotionParityTest {
    @BeforeAll
    static void gpu() {
        Gpu.assume();
    }

    @Test
    void motionWeightsWithAndWithoutTheAnomalyMap() {
        Gpu t = new Gpu();
        int batch = 3, h = 32, w = 48, p = 8, plane = h * w, tokens = (h / p) * (w / p);
        float[] g = t.uniform(batch * 3 * plane + 1, 0, 255);
        for (int i = 1 + 2 * 3 * plane; i < 1 + 3 * 3 * plane; i++) g[i] = 0f; // a still sample: uniform weights
        float[] map = new float[batch * plane];
        for (int i = 0; i < plane / 4; i++) map[i] = 1f; // an anomaly in the first sample
        Gpu.Pair pg = t.both(g), pm = t.both(map);
        for (boolean withMap : new boolean[]{false, true}) {
            Gpu.Pair out = t.poisoned(batch * tokens);
            ModelKernels.of(t.cpu).motionWeights(pg.cpu(), 1, withMap ? pm.cpu() : null, 0, batch, h, w, p, 128f, out.cpu(), 0);
            t.gpu.motionWeights(pg.gpu(), 1, withMap ? pm.gpu() : null, 0, batch, h, w, p, 128f, out.gpu(), 0);
            t.assertClose("motion weights map=" + withMap, out, FP32);
        }
    }

    @Test
    void motionGradientIsTheMedianDifference() {
        Gpu t = new Gpu();
        int planes = 6, h = 40, w = 64;
        Gpu.Pair a = t.both(t.uniform(planes * h * w, 0, 255)), b = t.both(t.uniform(planes * h * w, 0, 255));
        Gpu.Pair out = t.poisoned(planes * h * w);
        ModelKernels.of(t.cpu).medianAbsDiff(a.cpu(), 0, b.cpu(), 0, planes, h, w, out.cpu(), 0); // the CPU twin
        t.gpu.medianAbsDiff(a.gpu(), 0, b.gpu(), 0, planes, h, w, out.gpu(), 0);
        t.assertClose("median absdiff", out, FP32);
    }

    @Test
    void weightedErrorAndItsGradient() {
        Gpu t = new Gpu();
        int tokens = 300, p = 64, ldt = 70;
        float[] pred = t.randn(tokens * p), target = t.randn(tokens * ldt), w = t.uniform(tokens, 0, 1);
        float scale = 0.5f; // the twin is checked against the definition in ModelKernelTest
        Gpu.Pair pp = t.both(pred), pt = t.both(target), pw = t.both(w), pl = t.poisoned(tokens), pd = t.poisoned(tokens * p);
        t.gpu.weightedMse(pp.gpu(), 0, pt.gpu(), 0, ldt, pw.gpu(), 0, tokens, p, scale, pl.gpu(), 0, pd.gpu(), 0);
        ModelKernels.of(t.cpu).weightedMse(pp.cpu(), 0, pt.cpu(), 0, ldt, pw.cpu(), 0, tokens, p, scale, pl.cpu(), 0, pd.cpu(), 0);
        t.assertClose("weighted mse against its CPU twin", pl, FP32);
        t.assertClose("weighted mse gradient against its CPU twin", pd, FP32);
    }
}
