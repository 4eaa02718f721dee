package aedmae.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised special functions shared by the CPU kernels, as array-level kernels, each with a
 * scalar twin of the same operations so that every element of a tensor (vector body or scalar
 * tail) gets the same function.
 *
 * <p>Reproducibility: exp and tanh are built here from IEEE operations only (add, mul, fma, div,
 * shifts), never from the Vector API's EXP/TANH operators. Those run Java's scalar functions until
 * C2 compiles the loop and SVML intrinsics afterwards, which differ in the last bit, so one seed
 * gave different models depending on when the JIT kicked in. exp is Cephes' expf (range reduction
 * by ln 2, degree-6 polynomial, within 2 ulp); tanh is Cephes' tanhf polynomial below 0.625 and
 * 1 - 2 / (e^2|x| + 1) above. erf is Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7),
 * the same approximation PyTorch's vectorised CPU GELU uses.
 *
 * <p>Speed: <b>no vector crosses a method call.</b> Every kernel takes arrays and runs its vector
 * loop itself; the vector exp exists once, in {@link #expShifted}, and the functions built on it
 * (erf, GELU, sigmoid, tanh) run in chunks of {@link #CHUNK} elements: one pass writes exp's
 * arguments to a per-thread scratch line, {@link #expShifted} turns them into exponentials in
 * place, a last pass finishes the function (all in L1). On JDK 17, C2 does not always inline a
 * helper that takes or returns a FloatVector (it was compiled on its own first: "already compiled
 * into a big method"), and a vector that crosses a call that was not inlined is boxed on the heap:
 * GELU and softmax then allocated gigabytes per batch, at a fraction of the speed, in some JVM runs
 * and not in others. The operations per element are those of the former per-vector helpers, so the
 * bits are the same.
 */
final class VectorMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Ints of the same shape as S: the constant target of exp's bit reinterpretations. */
    private static final VectorSpecies<Integer> SI = VectorSpecies.of(int.class, S.vectorShape());
    private static final int L = S.length();
    /** Elements per pass of the functions built on exp (a multiple of every vector length; 2 KiB). */
    static final int CHUNK = 512;
    /** Per thread: two scratch lines of CHUNK floats. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[2 * CHUNK]);
    /** Per thread: one vector of lane sums. */
    private static final ThreadLocal<float[]> LANE_SUMS = ThreadLocal.withInitial(() -> new float[L]);

    private VectorMath() {}

    // ------------------------------------------------------------------ exp

    // Cephes expf: x = n ln2 + r with |r| <= ln2 / 2, e^r by a polynomial, 2^n by the exponent bits
    private static final float EXP_LO = -104f, EXP_HI = 89f; // e^x is 0 below, infinite above
    private static final float LOG2E = 1.44269504088896341f, ROUND = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float E0 = 1.9875691500e-4f, E1 = 1.3981999507e-3f, E2 = 8.3334519073e-3f,
            E3 = 4.1665795894e-2f, E4 = 1.6666665459e-1f, E5 = 5.0000001201e-1f;

    /**
     * y[yo + i] = e^(x[xo + i] - shift) for i < n, deterministic (see the class comment); returns
     * the sum of the results (vector lanes, then the scalar tail). y may be x at the same offset.
     * The vector form runs over S.loopBound(n) elements, the scalar twin {@link #exp(float)} on the
     * tail. NaN stays NaN. Subtracting a shift of 0 changes no value.
     */
    static float expShifted(float[] x, int xo, float[] y, int yo, int n, float shift) {
        int vEnd = S.loopBound(n);
        for (int i = 0; i < vEnd; i += L) {
            FloatVector xc = FloatVector.fromArray(S, x, xo + i).sub(shift).max(EXP_LO).min(EXP_HI);
            FloatVector t = xc.fma(LOG2E, ROUND); // n + 1.5 * 2^23: n sits in the low bits of t
            FloatVector nf = t.sub(ROUND);
            FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(E0, E1).fma(r, FloatVector.broadcast(S, E2)).fma(r, FloatVector.broadcast(S, E3))
                    .fma(r, FloatVector.broadcast(S, E4)).fma(r, FloatVector.broadcast(S, E5));
            FloatVector e = p.fma(r.mul(r), r).add(1f);
            // 2^n as two factors 2^(n>>1) and 2^(n - n>>1), so that n in [-150, 128] needs no special case
            // (reinterpreted to constant species: reinterpretAsInts() / reinterpretAsFloats() look the
            // target species up at run time, which C2 folds only from a type profile shared by all callers)
            IntVector ni = ((IntVector) t.reinterpretShape(SI, 0)).sub(ROUND_BITS);
            IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1), n2 = ni.sub(n1);
            FloatVector s1 = (FloatVector) n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(S, 0);
            FloatVector s2 = (FloatVector) n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(S, 0);
            e.mul(s1).mul(s2).intoArray(y, yo + i);
        }
        float sum = sumOfLanes(y, yo, vEnd);
        for (int i = vEnd; i < n; i++) {
            float e = exp(x[xo + i] - shift);
            y[yo + i] = e;
            sum += e;
        }
        return sum;
    }

    /**
     * The sum of a[off, off + vEnd), vEnd a multiple of the vector length: lane-wise vector sums
     * in index order, then the lanes added. The lane sums live in a per-thread array, not in a
     * vector carried from one iteration to the next: in some JVM runs C2 boxed such a loop-carried
     * vector here (in exp's loop, then in this loop), 4.6 GB per avenue batch.
     */
    private static float sumOfLanes(float[] a, int off, int vEnd) {
        float[] acc = LANE_SUMS.get();
        FloatVector.zero(S).intoArray(acc, 0);
        for (int i = 0; i < vEnd; i += L) FloatVector.fromArray(S, acc, 0).add(FloatVector.fromArray(S, a, off + i)).intoArray(acc, 0);
        return FloatVector.fromArray(S, acc, 0).reduceLanes(VectorOperators.ADD);
    }

    /** The scalar twin of the vector exp in {@link #expShifted}: the same operations, the same bits. */
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

    // ------------------------------------------------------------------ erf and GELU

    private static final float P = 0.3275911f;
    private static final float A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;
    static final float INV_SQRT2 = 0.70710678118654752f;
    static final float INV_SQRT_2PI = 0.39894228040143268f;

    /**
     * out[oo + i] = erf(x[xo + i] * INV_SQRT2) for i < n, n a multiple of the vector length (the
     * vector form; out is also exp's scratch line, so it must not overlap x).
     */
    private static void erfOfScaled(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector ax = FloatVector.fromArray(S, x, xo + i).mul(INV_SQRT2).abs();
            ax.mul(ax).neg().intoArray(out, oo + i);
        }
        expShifted(out, oo, out, oo, n, 0f);
        for (int i = 0; i < n; i += L) {
            FloatVector u = FloatVector.fromArray(S, x, xo + i).mul(INV_SQRT2);
            FloatVector t = FloatVector.broadcast(S, 1f).div(u.abs().fma(P, 1f));
            FloatVector poly = t.fma(A5, A4).fma(t, FloatVector.broadcast(S, A3)).fma(t, FloatVector.broadcast(S, A2))
                    .fma(t, FloatVector.broadcast(S, A1)).mul(t);
            FloatVector y = FloatVector.broadcast(S, 1f).sub(poly.mul(FloatVector.fromArray(S, out, oo + i)));
            y.lanewise(VectorOperators.NEG, u.compare(VectorOperators.LT, 0f)).intoArray(out, oo + i);
        }
    }

    static float erf(float x) {
        float ax = Math.abs(x);
        float t = 1f / (1f + P * ax);
        float poly = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t;
        float y = 1f - poly * exp(-(ax * ax));
        return x < 0 ? -y : y;
    }

    /**
     * y[yo + i] = GELU(x[xo + i]) = 0.5 x (1 + erf(x / sqrt 2)) for i < n: the vector form over
     * S.loopBound(n) elements, the scalar twin on the tail. y may be x at the same offset.
     */
    static void gelu(float[] x, int xo, float[] y, int yo, int n) {
        float[] e = SCRATCH.get();
        int vEnd = S.loopBound(n);
        for (int c = 0; c < vEnd; c += CHUNK) {
            int m = Math.min(CHUNK, vEnd - c), xc = xo + c, yc = yo + c;
            erfOfScaled(x, xc, e, 0, m);
            for (int i = 0; i < m; i += L) {
                FloatVector.fromArray(S, x, xc + i).mul(0.5f).mul(FloatVector.fromArray(S, e, i).add(1f)).intoArray(y, yc + i);
            }
        }
        for (int i = vEnd; i < n; i++) y[yo + i] = gelu(x[xo + i]);
    }

    static float gelu(float x) {
        return 0.5f * x * (1f + erf(x * INV_SQRT2));
    }

    /**
     * dx[dxo + i] = dy[dyo + i] * GELU'(x[xo + i]), GELU' = Phi(x) + x phi(x), for i < n: the vector
     * form over S.loopBound(n) elements, the scalar twin on the tail. dx may alias x or dy at the
     * same offset.
     */
    static void geluBackward(float[] x, int xo, float[] dy, int dyo, float[] dx, int dxo, int n) {
        float[] e = SCRATCH.get(); // [0, CHUNK): erf(x / sqrt 2); [CHUNK, 2 CHUNK): e^(-x^2 / 2)
        int vEnd = S.loopBound(n);
        for (int c = 0; c < vEnd; c += CHUNK) {
            int m = Math.min(CHUNK, vEnd - c), xc = xo + c;
            erfOfScaled(x, xc, e, 0, m);
            for (int i = 0; i < m; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xc + i);
                v.mul(v).mul(-0.5f).intoArray(e, CHUNK + i);
            }
            expShifted(e, CHUNK, e, CHUNK, m, 0f);
            for (int i = 0; i < m; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xc + i);
                FloatVector cdf = FloatVector.fromArray(S, e, i).add(1f).mul(0.5f);
                FloatVector pdf = FloatVector.fromArray(S, e, CHUNK + i).mul(INV_SQRT_2PI);
                FloatVector.fromArray(S, dy, dyo + c + i).mul(v.fma(pdf, cdf)).intoArray(dx, dxo + c + i);
            }
        }
        for (int i = vEnd; i < n; i++) dx[dxo + i] = dy[dyo + i] * geluDerivative(x[xo + i]);
    }

    /** d/dx GELU = Phi(x) + x phi(x). */
    static float geluDerivative(float x) {
        float cdf = 0.5f * (1f + erf(x * INV_SQRT2));
        float pdf = exp(x * x * -0.5f) * INV_SQRT_2PI;
        return cdf + x * pdf;
    }

    // ------------------------------------------------------------------ sigmoid and tanh

    /**
     * y[yo + i] = 1 / (1 + e^-x) for i < vectorEnd, a multiple of the vector length, without
     * overflow for large |x| (the vector form; the caller's scalar rule takes the tail). y may be x
     * at the same offset.
     */
    static void sigmoid(float[] x, int xo, float[] y, int yo, int vectorEnd) {
        float[] e = SCRATCH.get();
        for (int c = 0; c < vectorEnd; c += CHUNK) {
            int m = Math.min(CHUNK, vectorEnd - c), xc = xo + c;
            for (int i = 0; i < m; i += L) FloatVector.fromArray(S, x, xc + i).abs().neg().intoArray(e, i);
            expShifted(e, 0, e, 0, m, 0f); // e^-|x| in (0, 1]
            for (int i = 0; i < m; i += L) {
                FloatVector ev = FloatVector.fromArray(S, e, i);
                FloatVector pos = FloatVector.broadcast(S, 1f).div(ev.add(1f));
                FloatVector neg = ev.div(ev.add(1f));
                VectorMask<Float> negative = FloatVector.fromArray(S, x, xc + i).compare(VectorOperators.LT, 0f);
                pos.blend(neg, negative).intoArray(y, yo + c + i);
            }
        }
    }

    private static final float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f,
            T3 = 1.33314422036e-1f, T4 = -3.33332819422e-1f;

    /**
     * y[yo + i] = tanh x[xo + i] for i < n, deterministic (see the class comment): the vector form
     * over S.loopBound(n) elements, the scalar twin on the tail. y may be x at the same offset.
     */
    static void tanh(float[] x, int xo, float[] y, int yo, int n) {
        float[] e = SCRATCH.get();
        int vEnd = S.loopBound(n);
        for (int c = 0; c < vEnd; c += CHUNK) {
            int m = Math.min(CHUNK, vEnd - c), xc = xo + c;
            for (int i = 0; i < m; i += L) FloatVector.fromArray(S, x, xc + i).abs().mul(2f).intoArray(e, i);
            expShifted(e, 0, e, 0, m, 0f); // e^2|x|
            for (int i = 0; i < m; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xc + i), ax = v.abs();
                FloatVector big = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(FloatVector.fromArray(S, e, i).add(1f)));
                big = big.lanewise(VectorOperators.NEG, v.compare(VectorOperators.LT, 0f));
                FloatVector z = v.mul(v);
                FloatVector small = z.fma(T0, T1).fma(z, FloatVector.broadcast(S, T2)).fma(z, FloatVector.broadcast(S, T3))
                        .fma(z, FloatVector.broadcast(S, T4)).mul(z).fma(v, v);
                big.blend(small, ax.compare(VectorOperators.LT, 0.625f)).intoArray(y, yo + c + i);
            }
        }
        for (int i = vEnd; i < n; i++) y[yo + i] = tanh(x[xo + i]);
    }

    /** The scalar twin of the vector tanh in {@link #tanh(float[], int, float[], int, int)}. */
    static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax < 0.625f) {
            float z = x * x;
            return Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(z, T0, T1), z, T2), z, T3), z, T4) * z, x, x);
        }
        float big = 1f - 2f / (exp(ax * 2f) + 1f);
        return x < 0f ? -big : big;
    }
}
