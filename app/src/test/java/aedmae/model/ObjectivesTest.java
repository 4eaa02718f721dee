package aedmae.model;

import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ObjectivesTest {
    @Test
    void theReadableEq1And2GiveTheKernelsNumbers() {
        Rng rng = new Rng(5);
        int b = 3, h = 8, w = 12, p = 4;
        Tensor gradient = rng.uniform(0, 255, b, 3, h, w);
        float[] map = new float[b * h * w];
        for (int i = 0; i < 10; i++) map[h * w + 3 * w + i] = 1; // an anomaly in sample 1
        Tensor anomalyMap = Tensor.of(map, b, 1, h, w);
        for (Tensor a : new Tensor[]{null, anomalyMap}) {
            float[] expected = Objectives.motionWeights(gradient, a, p).toArray();
            float[] reference = Objectives.motionWeightsReference(gradient.toArray(), a == null ? null : a.toArray(), b, h, w, p);
            assertArrayEquals(expected, reference, 0f, a == null ? "Eq. 1-2" : "Eq. 1-2 with an anomaly map");
        }
    }

    @Test
    void aStillSampleGetsUniformWeights() {
        float[] weights = Objectives.motionWeightsReference(new float[3 * 4 * 4], null, 1, 4, 4, 2);
        assertArrayEquals(new float[]{0.25f, 0.25f, 0.25f, 0.25f}, weights);
    }

    @Test
    void eachTokenWeighsItsLargestGradientPerChannel() {
        // one sample, 2x4 pixels, patch 2: tokens 0 and 1; all motion in token 1, channel 0, value 6
        float[] g = new float[3 * 2 * 4];
        g[3] = 6; // channel 0, row 0, column 3
        float[] weights = Objectives.motionWeightsReference(g, null, 1, 2, 4, 2);
        assertEquals(0f, weights[0]);
        assertEquals(1f, weights[1]);
    }
}
