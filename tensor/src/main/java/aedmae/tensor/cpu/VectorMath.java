package aedmae.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised special functions shared by the CPU kernels. EXP, LOG and TANH are the Vector API's
 * lanewise operators (SVML intrinsics on x86, about 1 ulp); erf is Abramowitz and Stegun 7.1.26
 * (absolute error below 1.5e-7), the same approximation PyTorch's vectorised CPU GELU uses, with
 * a scalar twin so that every element of a tensor gets the same function.
 */
final class VectorMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorMath() {}

    private static final float P = 0.3275911f;
    private static final float A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;
    static final float INV_SQRT2 = 0.70710678118654752f;
    static final float INV_SQRT_2PI = 0.39894228040143268f;

    static FloatVector erf(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector t = FloatVector.broadcast(S, 1f).div(ax.fma(P, 1f));
        FloatVector poly = t.fma(A5, A4).fma(t, FloatVector.broadcast(S, A3)).fma(t, FloatVector.broadcast(S, A2))
                .fma(t, FloatVector.broadcast(S, A1)).mul(t);
        FloatVector e = ax.mul(ax).neg().lanewise(VectorOperators.EXP);
        FloatVector y = FloatVector.broadcast(S, 1f).sub(poly.mul(e));
        return y.lanewise(VectorOperators.NEG, x.compare(VectorOperators.LT, 0f));
    }

    static float erf(float x) {
        float ax = Math.abs(x);
        float t = 1f / (1f + P * ax);
        float poly = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t;
        float y = 1f - poly * (float) Math.exp(-ax * ax);
        return x < 0 ? -y : y;
    }

    /** GELU(x) = x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)). */
    static FloatVector gelu(FloatVector x) {
        return x.mul(0.5f).mul(erf(x.mul(INV_SQRT2)).add(1f));
    }

    static float gelu(float x) {
        return 0.5f * x * (1f + erf(x * INV_SQRT2));
    }

    /** d/dx GELU = Phi(x) + x phi(x). */
    static FloatVector geluDerivative(FloatVector x) {
        FloatVector cdf = erf(x.mul(INV_SQRT2)).add(1f).mul(0.5f);
        FloatVector pdf = x.mul(x).mul(-0.5f).lanewise(VectorOperators.EXP).mul(INV_SQRT_2PI);
        return x.fma(pdf, cdf);
    }

    static float geluDerivative(float x) {
        float cdf = 0.5f * (1f + erf(x * INV_SQRT2));
        float pdf = INV_SQRT_2PI * (float) Math.exp(-0.5f * x * x);
        return cdf + x * pdf;
    }

    /** 1 / (1 + e^-x), without overflow for large |x|. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = x.abs().neg().lanewise(VectorOperators.EXP); // e^-|x| in (0, 1]
        FloatVector pos = FloatVector.broadcast(S, 1f).div(e.add(1f));
        FloatVector neg = e.div(e.add(1f));
        return pos.blend(neg, x.compare(VectorOperators.LT, 0f));
    }

    /** In place s <- exp(s - shift) over [off, off+t); returns the sum of the results. */
    static float expShiftedSum(float[] s, int off, int t, float shift) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int end = S.loopBound(t); j < end; j += S.length()) {
            FloatVector e = FloatVector.fromArray(S, s, off + j).sub(shift).lanewise(VectorOperators.EXP);
            e.intoArray(s, off + j);
            acc = acc.add(e);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; j < t; j++) {
            float e = (float) Math.exp(s[off + j] - shift);
            s[off + j] = e;
            sum += e;
        }
        return sum;
    }
}
