package aedmae.tensor;

import aedmae.tensor.autograd.GradMode;
import org.junit.jupiter.api.Test;

import static aedmae.tensor.Testing.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutogradTest {
    @Test
    void chainRuleOnAHandExample() {
        // f = sum((a*b + a)^2) with a = [1, 2], b = [3, 4]: df/da = 2(ab+a)(b+1), df/db = 2(ab+a)a
        Tensor a = Tensor.of(new float[]{1, 2}, 2).requiresGrad(true), b = Tensor.of(new float[]{3, 4}, 2).requiresGrad(true);
        a.mul(b).add(a).square().sum().backward();
        assertClose(new float[]{2 * 4 * 4, 2 * 10 * 5}, a.grad().toArray(), 0, 0, "df/da");
        assertClose(new float[]{2 * 4 * 1, 2 * 10 * 2}, b.grad().toArray(), 0, 0, "df/db");
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = Tensor.of(new float[]{1, 2}, 2).requiresGrad(true);
        x.mul(3f).sum().backward();
        x.mul(3f).sum().backward();
        assertClose(new float[]{6, 6}, x.grad().toArray(), 0, 0, "accumulated");
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor x = Tensor.of(new float[]{2}, 1).requiresGrad(true);
        Tensor y = x.mul(x).add(x.exp());
        y.sum().backward();
        assertEquals(2 * 2 + Math.exp(2), x.grad().item(), 1e-4);
    }

    @Test
    void noGradScopeAndDetachRecordNothing() {
        Tensor x = Tensor.of(new float[]{1, 2}, 2).requiresGrad(true);
        Tensor y;
        try (var s = GradMode.disable()) {
            y = x.mul(2f);
        }
        assertFalse(y.requiresGrad());
        assertTrue(GradMode.isEnabled(), "scope restores recording");
        Tensor z = x.detach().mul(2f);
        assertFalse(z.requiresGrad());
        assertThrows(IllegalStateException.class, () -> z.sum().backward());
    }

    @Test
    void graphIsReleasedAfterBackward() {
        Tensor x = Tensor.of(new float[]{1, 2}, 2).requiresGrad(true);
        Tensor e = x.exp();
        Tensor s1 = e.sum();
        s1.backward();
        assertTrue(e.node().released(), "saved tensors are freed by the pass");
        Tensor s2 = e.mul(2f).sum();
        var err = assertThrows(IllegalStateException.class, s2::backward, "a second pass through a freed graph must fail");
        assertTrue(err.getMessage().contains("already freed"), err.getMessage());
        assertClose(new float[]{(float) Math.exp(1), (float) Math.exp(2)}, x.grad().toArray(), 1e-5, 1e-6, "first pass");
    }

    @Test
    void inPlaceChangesOfParametersNeedNoGradScope() {
        Tensor p = Tensor.zeros(2).requiresGrad(true);
        assertThrows(IllegalStateException.class, () -> p.addInPlace(Tensor.ones(2), 1f));
        try (var s = GradMode.disable()) {
            p.addInPlace(Tensor.ones(2), 0.5f);
        }
        assertClose(new float[]{0.5f, 0.5f}, p.toArray(), 0, 0, "in-place add");
    }

    @Test
    void backwardNeedsAScalarOrAGradient() {
        Tensor x = Tensor.of(new float[]{1, 2}, 2).requiresGrad(true);
        assertThrows(IllegalArgumentException.class, () -> x.mul(2f).backward());
        x.mul(2f).backward(Tensor.of(new float[]{1, 10}, 2));
        assertClose(new float[]{2, 20}, x.grad().toArray(), 0, 0, "seeded backward");
    }
}
