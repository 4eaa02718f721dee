package aedmae.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised special functions shared by the CPU kernels, each with a scalar twin of the same
 * operations so that every element of a tensor (vector body or scalar tail) gets the same function.
 *
 * <p>Reproducibility: exp and tanh are built here from IEEE operations only (add, mul, fma, div,
 * shifts), never from the Vector API's EXP/TANH operators. Those run Java's scalar functions until
 * C2 compiles the loop and SVML intrinsics afterwards, which differ in the last bit, so one seed
 * gave different models depending on when the JIT kicked in. exp is Cephes' expf (range reduction
 * by ln 2, degree-6 polynomial, within 2 ulp); tanh is Cephes' tanhf polynomial below 0.625 and
 * 1 - 2 / (e^2|x| + 1) above. erf is Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7),
 * the same approximation PyTorch's vectorised CPU GELU uses.
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
        FloatVector e = exp(ax.mul(ax).neg());
        FloatVector y = FloatVector.broadcast(S, 1f).sub(poly.mul(e));
        return y.lanewise(VectorOperators.NEG, x.compare(VectorOperators.LT, 0f));
    }

    static float erf(float x) {
        float ax = Math.abs(x);
        float t = 1f / (1f + P * ax);
        float poly = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t;
        float y = 1f - poly * exp(-(ax * ax));
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
        FloatVector pdf = exp(x.mul(x).mul(-0.5f)).mul(INV_SQRT_2PI);
        return x.fma(pdf, cdf);
    }

    static float geluDerivative(float x) {
        float cdf = 0.5f * (1f + erf(x * INV_SQRT2));
        float pdf = exp(x * x * -0.5f) * INV_SQRT_2PI;
        return cdf + x * pdf;
    }

    /** 1 / (1 + e^-x), without overflow for large |x|. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg()); // e^-|x| in (0, 1]
        FloatVector pos = FloatVector.broadcast(S, 1f).div(e.add(1f));
        FloatVector neg = e.div(e.add(1f));
        return pos.blend(neg, x.compare(VectorOperators.LT, 0f));
    }

    // Cephes expf: x = n ln2 + r with |r| <= ln2 / 2, e^r by a polynomial, 2^n by the exponent bits
    private static final float EXP_LO = -104f, EXP_HI = 89f; // e^x is 0 below, infinite above
    private static final float LOG2E = 1.44269504088896341f, ROUND = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float E0 = 1.9875691500e-4f, E1 = 1.3981999507e-3f, E2 = 8.3334519073e-3f,
            E3 = 4.1665795894e-2f, E4 = 1.6666665459e-1f, E5 = 5.0000001201e-1f;

    /** e^x, deterministic (see the class comment). NaN stays NaN. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = xc.fma(LOG2E, ROUND); // n + 1.5 * 2^23: n sits in the low bits of t
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(E0, E1).fma(r, FloatVector.broadcast(S, E2)).fma(r, FloatVector.broadcast(S, E3))
                .fma(r, FloatVector.broadcast(S, E4)).fma(r, FloatVector.broadcast(S, E5));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        // 2^n as two factors 2^(n>>1) and 2^(n - n>>1), so that n in [-150, 128] needs no special case
        IntVector ni = (IntVector) t.reinterpretAsInts().sub(ROUND_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1), n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(s1).mul(s2);
    }

    /** The scalar twin of {@link #exp(FloatVector)}: the same operations, the same bits. */
    static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = Math.fma(xc, LOG2E, ROUND);
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, E0, E1), r, E2), r, E3), r, E4), r, E5);
        float y = Math.fma(p, r * r, r) + 1f;
        int ni = Float.floatToRawIntBits(t) - ROUND_BITS, n1 = ni >> 1, n2 = ni - n1;
        return y * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    private static final float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f,
            T3 = 1.33314422036e-1f, T4 = -3.33332819422e-1f;

    /** tanh x, deterministic (see the class comment). */
    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector big = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(ax.mul(2f)).add(1f)));
        big = big.lanewise(VectorOperators.NEG, x.compare(VectorOperators.LT, 0f));
        FloatVector z = x.mul(x);
        FloatVector small = z.fma(T0, T1).fma(z, FloatVector.broadcast(S, T2)).fma(z, FloatVector.broadcast(S, T3))
                .fma(z, FloatVector.broadcast(S, T4)).mul(z).fma(x, x);
        return big.blend(small, ax.compare(VectorOperators.LT, 0.625f));
    }

    /** The scalar twin of {@link #tanh(FloatVector)}. */
    static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax < 0.625f) {
            float z = x * x;
            return Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(z, T0, T1), z, T2), z, T3), z, T4) * z, x, x);
        }
        float big = 1f - 2f / (exp(ax * 2f) + 1f);
        return x < 0f ? -big : big;
    }

    /** In place s <- exp(s - shift) over [off, off+t); returns the sum of the results. */
    static float expShiftedSum(float[] s, int off, int t, float shift) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int end = S.loopBound(t); j < end; j += S.length()) {
            FloatVector e = exp(FloatVector.fromArray(S, s, off + j).sub(shift));
            e.intoArray(s, off + j);
            acc = acc.add(e);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; j < t; j++) {
            float e = exp(s[off + j] - shift);
            s[off + j] = e;
            sum += e;
        }
        return sum;
    }
}
