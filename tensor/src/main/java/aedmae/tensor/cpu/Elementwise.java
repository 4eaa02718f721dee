package aedmae.tensor.cpu;

import aedmae.tensor.BinaryOp;
import aedmae.tensor.Shape;
import aedmae.tensor.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels (CPU twin of kernels/elementwise.cu): unary functions and their
 * derivatives, and broadcasting binary arithmetic. The cheap functions run on the Vector API;
 * the transcendental ones call the scalar math library, which the JIT compiles to intrinsics.
 */
public final class Elementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int GRAIN = 1 << 15;

    private Elementwise() {}

    // ------------------------------------------------------------------ unary

    public static void unary(UnaryOp op, float p0, float p1, float[] x, int xOff, float[] y, int yOff, int n) {
        Parallel.forRange(n, GRAIN, (s, e) -> unaryRange(op, p0, p1, x, xOff, y, yOff, s, e));
    }

    private static void unaryRange(UnaryOp op, float p0, float p1, float[] x, int xo, float[] y, int yo, int s, int e) {
        int i = s;
        int vEnd = s + S.loopBound(e - s);
        switch (op) {
            case NEG -> {
                for (; i < vEnd; i += S.length()) FloatVector.fromArray(S, x, xo + i).neg().intoArray(y, yo + i);
                for (; i < e; i++) y[yo + i] = -x[xo + i];
            }
            case AFFINE -> {
                for (; i < vEnd; i += S.length()) FloatVector.fromArray(S, x, xo + i).fma(p0, p1).intoArray(y, yo + i);
                for (; i < e; i++) y[yo + i] = Math.fma(x[xo + i], p0, p1);
            }
            case ABS -> {
                for (; i < vEnd; i += S.length()) FloatVector.fromArray(S, x, xo + i).abs().intoArray(y, yo + i);
                for (; i < e; i++) y[yo + i] = Math.abs(x[xo + i]);
            }
            case SQUARE -> {
                for (; i < vEnd; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    v.mul(v).intoArray(y, yo + i);
                }
                for (; i < e; i++) y[yo + i] = x[xo + i] * x[xo + i];
            }
            case RELU -> {
                for (; i < vEnd; i += S.length()) FloatVector.fromArray(S, x, xo + i).max(0f).intoArray(y, yo + i);
                for (; i < e; i++) y[yo + i] = Math.max(x[xo + i], 0f);
            }
            case CLAMP -> {
                for (; i < vEnd; i += S.length()) FloatVector.fromArray(S, x, xo + i).max(p0).min(p1).intoArray(y, yo + i);
                for (; i < e; i++) y[yo + i] = Math.min(Math.max(x[xo + i], p0), p1);
            }
            case SQRT -> {
                for (; i < vEnd; i += S.length()) FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.SQRT).intoArray(y, yo + i);
                for (; i < e; i++) y[yo + i] = (float) Math.sqrt(x[xo + i]);
            }
            case RECIPROCAL -> {
                for (; i < e; i++) y[yo + i] = 1f / x[xo + i];
            }
            case EXP -> {
                for (; i < e; i++) y[yo + i] = (float) Math.exp(x[xo + i]);
            }
            case LOG -> {
                for (; i < e; i++) y[yo + i] = (float) Math.log(x[xo + i]);
            }
            case POW -> {
                for (; i < e; i++) y[yo + i] = pow(x[xo + i], p0);
            }
            case SIGMOID -> {
                for (; i < e; i++) y[yo + i] = sigmoid(x[xo + i]);
            }
            case TANH -> {
                for (; i < e; i++) y[yo + i] = (float) Math.tanh(x[xo + i]);
            }
            case GELU -> {
                for (; i < e; i++) y[yo + i] = gelu(x[xo + i]);
            }
        }
    }

    public static void unaryBackward(UnaryOp op, float p0, float p1, float[] x, int xo, float[] y, int yo,
                                     float[] dy, int dyo, float[] dx, int dxo, int n) {
        Parallel.forRange(n, GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) {
                float g = dy[dyo + i];
                float d = switch (op) {
                    case NEG -> -1f;
                    case AFFINE -> p0;
                    case EXP -> y[yo + i];
                    case LOG -> 1f / x[xo + i];
                    case SQRT -> 0.5f / y[yo + i];
                    case ABS -> Math.signum(x[xo + i]);
                    case POW -> p0 * pow(x[xo + i], p0 - 1f);
                    case CLAMP -> x[xo + i] >= p0 && x[xo + i] <= p1 ? 1f : 0f;
                    case SIGMOID -> y[yo + i] * (1f - y[yo + i]);
                    case TANH -> 1f - y[yo + i] * y[yo + i];
                    case GELU -> geluDerivative(x[xo + i]);
                    case RELU -> x[xo + i] > 0f ? 1f : 0f;
                    case RECIPROCAL -> -y[yo + i] * y[yo + i];
                    case SQUARE -> 2f * x[xo + i];
                };
                dx[dxo + i] = g * d;
            }
        });
    }

    static float pow(float x, float p) {
        if (p == 2f) return x * x;
        if (p == 1f) return x;
        if (p == 0.5f) return (float) Math.sqrt(x);
        return (float) Math.pow(x, p);
    }

    static float sigmoid(float x) {
        // split by sign so exp never overflows
        if (x >= 0) return (float) (1.0 / (1.0 + Math.exp(-x)));
        double z = Math.exp(x);
        return (float) (z / (1.0 + z));
    }

    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    /** GELU, exact (erf) form: x * Phi(x). */
    public static float gelu(float x) {
        return (float) (0.5 * x * (1.0 + erf(x * INV_SQRT2)));
    }

    /** d/dx GELU = Phi(x) + x * phi(x). */
    public static float geluDerivative(float x) {
        double cdf = 0.5 * (1.0 + erf(x * INV_SQRT2));
        double pdf = INV_SQRT_2PI * Math.exp(-0.5 * (double) x * x);
        return (float) (cdf + x * pdf);
    }

    /**
     * The error function to double precision: W. J. Cody's rational Chebyshev approximations
     * (erf for |x| < 0.5, erfc beyond), the scheme most libm implementations use.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 0.5) {
            double t = x * x;
            double num = (((1.857777061846031526730e-1 * t + 3.161123743870565596947e0) * t
                    + 1.138641541510501556495e2) * t + 3.774852376853020208137e2) * t + 3.209377589138469472562e3;
            double den = (((t + 2.360129095234412093499e1) * t + 2.440246379344441733056e2) * t
                    + 1.282616526077372275645e3) * t + 2.844236833439170622273e3;
            return x * num / den;
        }
        double r;
        if (ax < 4.0) {
            double num = (((((((2.15311535474403846343e-8 * ax + 5.64188496988670089180e-1) * ax
                    + 8.88314979438837594118e0) * ax + 6.61191906371416294775e1) * ax
                    + 2.98635138197400131132e2) * ax + 8.81952221241769090411e2) * ax
                    + 1.71204761263407058314e3) * ax + 2.05107837782607146532e3) * ax + 1.23033935479799725272e3;
            double den = (((((((ax + 1.57449261107098347253e1) * ax + 1.17693950891312499305e2) * ax
                    + 5.37181101862009857509e2) * ax + 1.62138957456669018874e3) * ax
                    + 3.29079923573345962678e3) * ax + 4.36261909014324715820e3) * ax
                    + 3.43936767414372163696e3) * ax + 1.23033935480374942043e3;
            r = Math.exp(-ax * ax) * num / den;
        } else if (ax < 27.0) {
            double z = 1.0 / (ax * ax);
            double num = ((((1.63153871373020978498e-2 * z + 3.05326634961232344035e-1) * z
                    + 3.60344899949804439429e-1) * z + 1.25781726111229246204e-1) * z
                    + 1.60837851487422766278e-2) * z + 6.58749161529837803157e-4;
            double den = ((((z + 2.56852019228982242072e0) * z + 1.87295284992346725209e0) * z
                    + 5.27905102951428412248e-1) * z + 6.05183413124413191178e-2) * z + 2.33520497626869185443e-3;
            r = Math.exp(-ax * ax) / ax * (0.5641895835477563 - z * num / den);
        } else {
            r = 0.0;
        }
        double erfAbs = 1.0 - r;
        return x < 0 ? -erfAbs : erfAbs;
    }

    // ------------------------------------------------------------------ binary

    public static void binary(BinaryOp op, int[] shape, float[] a, int aOff, int[] aStrides,
                              float[] b, int bOff, int[] bStrides, float[] out, int outOff) {
        int[] outStrides = Shape.contiguousStrides(shape);
        int[][] m = Strided.merge(shape, outStrides, aStrides, bStrides);
        int[] sh = m[0], os = m[1], as = m[2], bs = m[3];
        int rank = sh.length;
        if (rank == 0) {
            out[outOff] = apply(op, a[aOff], b[bOff]);
            return;
        }
        int inner = sh[rank - 1];
        int sa = as[rank - 1], sb = bs[rank - 1];
        int outer = 1;
        for (int i = 0; i < rank - 1; i++) outer *= sh[i];
        int grain = Math.max(1, GRAIN / Math.max(inner, 1));
        Parallel.forRange(outer, grain, (start, end) -> {
            int[] idx = new int[rank];
            Strided.unravel(start, sh, rank - 1, idx);
            for (int o = start; o < end; o++) {
                int ao = aOff, bo = bOff, oo = outOff;
                for (int k = 0; k < rank - 1; k++) {
                    ao += idx[k] * as[k];
                    bo += idx[k] * bs[k];
                    oo += idx[k] * os[k];
                }
                row(op, a, ao, sa, b, bo, sb, out, oo, inner);
                Strided.increment(idx, sh, rank - 1);
            }
        });
    }

    /** One row of a binary op: out[i] = a[ao + i*sa] op b[bo + i*sb], vectorised for unit and zero strides. */
    private static void row(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        if (sa == 1 && sb == 1 && vectorisable(op)) {
            int vEnd = S.loopBound(n);
            for (; i < vEnd; i += S.length()) {
                FloatVector va = FloatVector.fromArray(S, a, ao + i), vb = FloatVector.fromArray(S, b, bo + i);
                vapply(op, va, vb).intoArray(out, oo + i);
            }
        } else if (sa == 1 && sb == 0 && vectorisable(op)) {
            int vEnd = S.loopBound(n);
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < vEnd; i += S.length()) vapply(op, FloatVector.fromArray(S, a, ao + i), vb).intoArray(out, oo + i);
        } else if (sa == 0 && sb == 1 && vectorisable(op)) {
            int vEnd = S.loopBound(n);
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < vEnd; i += S.length()) vapply(op, va, FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = apply(op, a[ao + i * sa], b[bo + i * sb]);
    }

    private static boolean vectorisable(BinaryOp op) {
        return op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV
                || op == BinaryOp.MAX || op == BinaryOp.MIN;
    }

    private static FloatVector vapply(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case MAX -> a.max(b);
            case MIN -> a.min(b);
            default -> throw new IllegalStateException(op.toString());
        };
    }

    static float apply(BinaryOp op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case EQ -> a == b ? 1f : 0f;
            case GT -> a > b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
        };
    }
}
