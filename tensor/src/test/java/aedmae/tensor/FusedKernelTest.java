package aedmae.tensor;

import org.junit.jupiter.api.Test;

import static aedmae.tensor.Testing.assertClose;
import static aedmae.tensor.Testing.gradCheck;
import static aedmae.tensor.Testing.param;

class FusedKernelTest {
    private final Rng rng = new Rng(29);

    /** Attention from primitives: per-head views, matmul, softmax, matmul, merge. */
    static Tensor composite(Tensor q, Tensor k, Tensor v, int heads, float scale) {
        int b = q.size(0), t = q.size(1), d = q.size(2), dh = d / heads;
        Tensor qh = q.reshape(b, t, heads, dh).permute(0, 2, 1, 3);
        Tensor kh = k.reshape(b, t, heads, dh).permute(0, 2, 1, 3);
        Tensor vh = v.reshape(b, t, heads, dh).permute(0, 2, 1, 3);
        Tensor p = qh.matmul(kh.transpose(-1, -2)).mul(scale).softmax(-1);
        return p.matmul(vh).permute(0, 2, 1, 3).reshape(b, t, d);
    }

    @Test
    void fusedAttentionMatchesTheComposite() {
        Tensor q = Testing.rand(rng, 2, 7, 8), k = Testing.rand(rng, 2, 7, 8), v = Testing.rand(rng, 2, 7, 8);
        float scale = (float) (1 / Math.sqrt(8)); // full dim, as the reference
        assertClose(composite(q, k, v, 4, scale), F.attention(q, k, v, 4, scale), 1e-5, 1e-5, "attention");
    }

    @Test
    void fusedAttentionMatchesTheCompositeAtModelHeadDims() {
        // head dims 16, 32, 48 and 64 exercise the vector paths (one, two, three and four vectors)
        for (int dh : new int[]{16, 32, 48, 64}) {
            int t = 37; // not a multiple of the row block or the vector width
            Tensor q = Testing.rand(rng, 2, t, 2 * dh), k = Testing.rand(rng, 2, t, 2 * dh), v = Testing.rand(rng, 2, t, 2 * dh);
            float scale = (float) (1 / Math.sqrt(2 * dh));
            assertClose(composite(q, k, v, 2, scale), F.attention(q, k, v, 2, scale), 1e-5, 1e-4, "attention dh=" + dh);
            Tensor qp = q.requiresGrad(true), kp = k.requiresGrad(true), vp = v.requiresGrad(true);
            Tensor gOut = Testing.rand(rng, 2, t, 2 * dh);
            F.attention(qp, kp, vp, 2, scale).mul(gOut).sum().backward();
            Tensor q2 = q.detach().requiresGrad(true), k2 = k.detach().requiresGrad(true), v2 = v.detach().requiresGrad(true);
            composite(q2, k2, v2, 2, scale).mul(gOut).sum().backward();
            assertClose(q2.grad(), qp.grad(), 1e-5, 1e-3, "dq dh=" + dh);
            assertClose(k2.grad(), kp.grad(), 1e-5, 1e-3, "dk dh=" + dh);
            assertClose(v2.grad(), vp.grad(), 1e-5, 1e-3, "dv dh=" + dh);
        }
    }

    @Test
    void fusedAttentionGradients() {
        Tensor q = param(rng, 2, 5, 8), k = param(rng, 2, 5, 8), v = param(rng, 2, 5, 8);
        gradCheck("attention", t -> F.attention(t[0], t[1], t[2], 2, 0.7f), q, k, v);
        gradCheck("attention, non-contiguous inputs", t -> F.attention(t[0].transpose(0, 1).transpose(0, 1).mul(1f), t[1], t[2].slice(2, 0, 8), 4, 0.5f), q, k, v);
    }

    @Test
    void dropoutScalesSurvivorsAndIsIdentityInEval() {
        Tensor x = Tensor.ones(1000);
        Tensor y = F.dropout(x, 0.25f, true, new Rng(1));
        float[] v = y.toArray();
        int zeros = 0;
        for (float f : v) {
            if (f == 0f) zeros++;
            else org.junit.jupiter.api.Assertions.assertEquals(1f / 0.75f, f, 1e-6);
        }
        org.junit.jupiter.api.Assertions.assertTrue(zeros > 200 && zeros < 300, "about a quarter dropped: " + zeros);
        org.junit.jupiter.api.Assertions.assertSame(x, F.dropout(x, 0.25f, false, new Rng(1)));
        assertClose(y, F.dropout(x, 0.25f, true, new Rng(1)), 0, 0, "same seed, same mask");
    }

    @Test
    void adamwStepMatchesTheFormula() {
        float[] p = {1f, -2f}, g = {0.5f, 0.1f};
        Tensor pt = Tensor.of(p, 2), gt = Tensor.of(g, 2), m = Tensor.zeros(2), v = Tensor.zeros(2);
        float lr = 0.1f, b1 = 0.9f, b2 = 0.95f, eps = 1e-8f, wd = 0.05f;
        for (int step = 1; step <= 2; step++) {
            pt.backend().adamw(pt.storage(), 0, gt.storage(), 0, m.storage(), v.storage(), 2, lr, b1, b2, eps, wd,
                    (float) (1 - Math.pow(b1, step)), (float) (1 - Math.pow(b2, step)));
        }
        float[] expected = new float[2];
        for (int i = 0; i < 2; i++) {
            double pi = p[i], mi = 0, vi = 0;
            for (int step = 1; step <= 2; step++) {
                pi -= lr * wd * pi;
                mi = b1 * mi + (1 - b1) * g[i];
                vi = b2 * vi + (1 - b2) * g[i] * g[i];
                pi -= lr * (mi / (1 - Math.pow(b1, step))) / (Math.sqrt(vi / (1 - Math.pow(b2, step))) + eps);
            }
            expected[i] = (float) pi;
        }
        assertClose(expected, pt.toArray(), 1e-6, 1e-6, "adamw");
    }

    @Test
    void randomIsReproducibleAndTruncatedNormalStaysInBounds() {
        assertClose(new Rng(42).normal(0, 1, 10), new Rng(42).normal(0, 1, 10), 0, 0, "same seed");
        float[] t = new Rng(1).truncatedNormal(0f, 1f, -0.5f, 0.5f, 5000).toArray();
        double mean = 0, sq = 0;
        for (float f : t) {
            org.junit.jupiter.api.Assertions.assertTrue(f >= -0.5f && f <= 0.5f);
            mean += f;
            sq += f * f;
        }
        org.junit.jupiter.api.Assertions.assertEquals(0, mean / t.length, 0.02);
        // variance of N(0,1) truncated to [-0.5, 0.5] is about 0.0797
        org.junit.jupiter.api.Assertions.assertEquals(0.0797, sq / t.length, 0.006);
        float[] n = new Rng(3).normal(2f, 0.5f, 20000).toArray();
        double nm = 0;
        for (float f : n) nm += f;
        org.junit.jupiter.api.Assertions.assertEquals(2.0, nm / n.length, 0.02);
    }
}
