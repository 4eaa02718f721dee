package aedmae.nn;

import aedmae.tensor.GradCheck;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdamWTest {
    @Test
    void noDecayOnBiasesAndNormWeightsAndDecayOnMatrices() {
        assertTrue(AdamW.decays(Tensor.zeros(3, 4)));
        assertTrue(AdamW.decays(Tensor.zeros(1, 1, 8)), "tokens are decayed, as timm's rule (ndim > 1)");
        assertFalse(AdamW.decays(Tensor.zeros(4)));
        // with a zero gradient, only decay moves a parameter: the bias must stay, the weight shrink
        Linear l = new Linear(2, 2, true, new Rng(1));
        float[] w0 = l.weight.get().toArray(), b0 = l.bias.get().toArray();
        AdamW opt = new AdamW(l.namedParameters(), 0.1f, 0.9f, 0.95f, 1e-8f, 0.5f);
        l.weight.get().setGrad(Tensor.zeros(2, 2));
        l.bias.get().setGrad(Tensor.zeros(2));
        opt.step();
        float[] w1 = l.weight.get().toArray(), b1 = l.bias.get().toArray();
        for (int i = 0; i < 4; i++) assertEquals(w0[i] * (1 - 0.1f * 0.5f), w1[i], 1e-6);
        GradCheck.assertClose(b0, b1, 0, 0, "bias not decayed");
    }

    @Test
    void minimisesAQuadraticAndResumesExactly() {
        Linear a = new Linear(3, 1, true, new Rng(4)), b = new Linear(3, 1, true, new Rng(4));
        AdamW oa = AdamW.paperDefaults(a.namedParameters(), 0.05f), ob = AdamW.paperDefaults(b.namedParameters(), 0.05f);
        Tensor x = new Rng(5).uniform(-1, 1, 16, 3);
        Tensor y = x.matmul(Tensor.of(new float[]{0.5f, -1f, 2f}, 3, 1)).add(0.3f); // a learnable target
        double first = 0, last = 0;
        for (int s = 0; s < 60; s++) {
            Tensor loss = a.forward(x).sub(y).square().mean();
            if (s == 0) first = loss.item();
            last = loss.item();
            oa.zeroGrad();
            loss.backward();
            oa.step();
            if (s < 30) { // b trains 30 steps, then "resumes" from a copy of its state
                Tensor lb = b.forward(x).sub(y).square().mean();
                ob.zeroGrad();
                lb.backward();
                ob.step();
            }
            if (s == 29) {
                AdamW resumed = AdamW.paperDefaults(b.namedParameters(), 0.05f);
                resumed.loadState(ob.state(), ob.stepCount());
                ob = resumed;
            }
            if (s >= 30) {
                Tensor lb = b.forward(x).sub(y).square().mean();
                ob.zeroGrad();
                lb.backward();
                ob.step();
            }
        }
        assertTrue(last < first * 0.1, "loss falls: " + first + " -> " + last);
        GradCheck.assertClose(a.weight.get(), b.weight.get(), 0, 0, "resumed run equals uninterrupted run");
    }
}
