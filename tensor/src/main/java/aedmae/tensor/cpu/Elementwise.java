package aedmae.tensor.cpu;

import aedmae.tensor.BinaryOp;
import aedmae.tensor.Shape;
import aedmae.tensor.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels (CPU twin of kernels/elementwise.cu): unary functions and their
 * derivatives, and broadcasting binary arithmetic. The cheap functions run on the Vector API in
 * their own loops; exp, tanh, sigmoid and GELU (forward and backward) call the array-level kernels
 * of {@link VectorMath}, which pass no vector across a call.
 */
public final class Elementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int GRAIN = 1 << 15;

    private Elementwise() {}

    // ------------------------------------------------------------------ unary

    public static void unary(UnaryOp op, float p0, float p1, float[] x, int xOff, float[] y, int yOff, int n) {
        Parallel.forRange(n, GRAIN, (s, e) -> unaryRange(op, p0, p1, x, xOff, y, yOff, s, e));
    }

    /**
     * Whether {@link #unary} over n elements computes every one of them in vectors (no chunk of
     * the parallel cut has a scalar tail): then any other pass that applies the same vector
     * function to the same values, in any grouping, gives the same bits.
     */
    static boolean unaryIsVectorOnly(int n) {
        return Parallel.chunksAreMultiplesOf(n, GRAIN, S.length());
    }

    /** GELU in place on rows [r0, r1) of length n (a multiple of the vector length) at stride ld from off: the vector form of {@link #unary}. */
    static void geluRowsInPlace(float[] c, int off, int ld, int r0, int r1, int n) {
        for (int r = r0; r < r1; r++) {
            int row = off + r * ld;
            VectorMath.gelu(c, row, c, row, n);
        }
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
            case EXP -> VectorMath.expShifted(x, xo + s, y, yo + s, e - s, 0f);
            case LOG -> {
                for (; i < vEnd; i += S.length()) FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.LOG).intoArray(y, yo + i);
                for (; i < e; i++) y[yo + i] = (float) Math.log(x[xo + i]);
            }
            case POW -> {
                for (; i < e; i++) y[yo + i] = pow(x[xo + i], p0);
            }
            case SIGMOID -> {
                VectorMath.sigmoid(x, xo + s, y, yo + s, vEnd - s);
                for (i = vEnd; i < e; i++) y[yo + i] = sigmoid(x[xo + i]);
            }
            case TANH -> VectorMath.tanh(x, xo + s, y, yo + s, e - s);
            case GELU -> VectorMath.gelu(x, xo + s, y, yo + s, e - s);
        }
    }

    public static void unaryBackward(UnaryOp op, float p0, float p1, float[] x, int xo, float[] y, int yo,
                                     float[] dy, int dyo, float[] dx, int dxo, int n) {
        Parallel.forRange(n, GRAIN, (s, e) -> {
            int i = s;
            int vEnd = s + S.loopBound(e - s);
            // the common derivatives run on vectors; the rest (and every tail) use the scalar rule
            switch (op) {
                case GELU -> {
                    VectorMath.geluBackward(x, xo + s, dy, dyo + s, dx, dxo + s, e - s);
                    i = e;
                }
                case AFFINE -> {
                    for (; i < vEnd; i += S.length()) FloatVector.fromArray(S, dy, dyo + i).mul(p0).intoArray(dx, dxo + i);
                }
                case SQUARE -> {
                    for (; i < vEnd; i += S.length()) {
                        FloatVector.fromArray(S, dy, dyo + i).mul(FloatVector.fromArray(S, x, xo + i)).mul(2f).intoArray(dx, dxo + i);
                    }
                }
                case EXP -> {
                    for (; i < vEnd; i += S.length()) {
                        FloatVector.fromArray(S, dy, dyo + i).mul(FloatVector.fromArray(S, y, yo + i)).intoArray(dx, dxo + i);
                    }
                }
                case SIGMOID -> {
                    for (; i < vEnd; i += S.length()) {
                        FloatVector yv = FloatVector.fromArray(S, y, yo + i);
                        FloatVector.fromArray(S, dy, dyo + i).mul(yv).mul(yv.neg().add(1f)).intoArray(dx, dxo + i);
                    }
                }
                case TANH -> {
                    for (; i < vEnd; i += S.length()) {
                        FloatVector yv = FloatVector.fromArray(S, y, yo + i);
                        FloatVector.fromArray(S, dy, dyo + i).mul(yv.mul(yv).neg().add(1f)).intoArray(dx, dxo + i);
                    }
                }
                default -> { }
            }
            for (; i < e; i++) dx[dxo + i] = dy[dyo + i] * derivative(op, p0, p1, x[xo + i], y[yo + i]);
        });
    }

    /** f'(x) from x and y = f(x), see {@link UnaryOp}. */
    static float derivative(UnaryOp op, float p0, float p1, float x, float y) {
        return switch (op) {
            case NEG -> -1f;
            case AFFINE -> p0;
            case EXP -> y;
            case LOG -> 1f / x;
            case SQRT -> 0.5f / y;
            case ABS -> Math.signum(x);
            case POW -> p0 * pow(x, p0 - 1f);
            case CLAMP -> x >= p0 && x <= p1 ? 1f : 0f;
            case SIGMOID -> y * (1f - y);
            case TANH -> 1f - y * y;
            case GELU -> VectorMath.geluDerivative(x);
            case RELU -> x > 0f ? 1f : 0f;
            case RECIPROCAL -> -y * y;
            case SQUARE -> 2f * x;
        };
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

    /** GELU, erf form (the scalar twin of the vector kernel). */
    public static float gelu(float x) {
        return VectorMath.gelu(x);
    }

    /** The error function used by GELU (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7). */
    public static double erf(double x) {
        return VectorMath.erf((float) x);
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

    /**
     * One row of a binary op: out[i] = a[ao + i*sa] op b[bo + i*sb], vectorised for unit and zero
     * strides. Each op has its own loop: with one loop calling a switch over ops, C2 (JDK 17)
     * merges the per-op results into one vector and boxes it on the heap at every step.
     */
    private static void row(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        if (sa == 1 && sb == 1) i = vectorVector(op, a, ao, b, bo, out, oo, n);
        else if (sa == 1 && sb == 0) i = vectorScalar(op, a, ao, b[bo], out, oo, n);
        else if (sa == 0 && sb == 1) i = scalarVector(op, a[ao], b, bo, out, oo, n);
        for (; i < n; i++) out[oo + i] = apply(op, a[ao + i * sa], b[bo + i * sb]);
    }

    /** The vector part of out = a op b; returns how many elements it did (0 for ops it does not vectorise). */
    private static int vectorVector(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int e = S.loopBound(n), l = S.length();
        switch (op) {
            case ADD -> { for (int i = 0; i < e; i += l) FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case SUB -> { for (int i = 0; i < e; i += l) FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MUL -> { for (int i = 0; i < e; i += l) FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case DIV -> { for (int i = 0; i < e; i += l) FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MAX -> { for (int i = 0; i < e; i += l) FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MIN -> { for (int i = 0; i < e; i += l) FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            default -> { return 0; }
        }
        return e;
    }

    /** The vector part of out = a op scalar b. */
    private static int vectorScalar(BinaryOp op, float[] a, int ao, float b, float[] out, int oo, int n) {
        int e = S.loopBound(n), l = S.length();
        switch (op) {
            case ADD -> { for (int i = 0; i < e; i += l) FloatVector.fromArray(S, a, ao + i).add(b).intoArray(out, oo + i); }
            case SUB -> { for (int i = 0; i < e; i += l) FloatVector.fromArray(S, a, ao + i).sub(b).intoArray(out, oo + i); }
            case MUL -> { for (int i = 0; i < e; i += l) FloatVector.fromArray(S, a, ao + i).mul(b).intoArray(out, oo + i); }
            case DIV -> { for (int i = 0; i < e; i += l) FloatVector.fromArray(S, a, ao + i).div(b).intoArray(out, oo + i); }
            case MAX -> { for (int i = 0; i < e; i += l) FloatVector.fromArray(S, a, ao + i).max(b).intoArray(out, oo + i); }
            case MIN -> { for (int i = 0; i < e; i += l) FloatVector.fromArray(S, a, ao + i).min(b).intoArray(out, oo + i); }
            default -> { return 0; }
        }
        return e;
    }

    /** The vector part of out = scalar a op b. */
    private static int scalarVector(BinaryOp op, float a, float[] b, int bo, float[] out, int oo, int n) {
        int e = S.loopBound(n), l = S.length();
        FloatVector va = FloatVector.broadcast(S, a);
        switch (op) {
            case ADD -> { for (int i = 0; i < e; i += l) va.add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case SUB -> { for (int i = 0; i < e; i += l) va.sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MUL -> { for (int i = 0; i < e; i += l) va.mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case DIV -> { for (int i = 0; i < e; i += l) va.div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MAX -> { for (int i = 0; i < e; i += l) va.max(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MIN -> { for (int i = 0; i < e; i += l) va.min(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            default -> { return 0; }
        }
        return e;
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
