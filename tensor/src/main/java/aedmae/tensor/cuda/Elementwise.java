package aedmae.tensor.cuda;

import aedmae.tensor.BinaryOp;
import aedmae.tensor.ReduceOp;
import aedmae.tensor.Shape;
import aedmae.tensor.Storage;
import aedmae.tensor.UnaryOp;

import static aedmae.tensor.cuda.KernelRegistry.BINARY_CONTIGUOUS;
import static aedmae.tensor.cuda.KernelRegistry.BINARY_STRIDED;

/**
 * Unary functions, their derivatives and broadcasting binary ops (twin of
 * aedmae.tensor.cpu.Elementwise; kernels/elementwise.cu). The op codes below are the #defines
 * of the .cu file; a test reads that file to keep the two in step.
 */
final class Elementwise {
    private final CudaBackend b;

    Elementwise(CudaBackend b) {
        this.b = b;
    }

    /** The U_* code of kernels/elementwise.cu. */
    static int code(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case AFFINE -> 1;
            case EXP -> 2;
            case LOG -> 3;
            case SQRT -> 4;
            case ABS -> 5;
            case POW -> 6;
            case CLAMP -> 7;
            case SIGMOID -> 8;
            case TANH -> 9;
            case GELU -> 10;
            case RELU -> 11;
            case RECIPROCAL -> 12;
            case SQUARE -> 13;
        };
    }

    /** The B_* code of kernels/elementwise.cu. */
    static int code(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case MAX -> 4;
            case MIN -> 5;
            case EQ -> 6;
            case GT -> 7;
            case LT -> 8;
        };
    }

    /** The R_* code of kernels/reduce.cu. */
    static int code(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MAX -> 1;
            case MIN -> 2;
        };
    }

    void unary(UnaryOp op, float p0, float p1, Storage x, int xOff, Storage y, int yOff, int n) {
        if (n == 0) return;
        b.rt.pick(Op.UNARY, "elementwise.unary", v -> true);
        b.rt.launch("unary", Launch.linear(n / 4 + 1, 256, b.rt.gridCap()),
                b.args().i(code(op)).f(p0).f(p1).l(n).ptr(x, xOff).ptr(y, yOff));
    }

    void unaryBackward(UnaryOp op, float p0, float p1, Storage x, int xOff, Storage y, int yOff,
                       Storage dy, int dyOff, Storage dx, int dxOff, int n) {
        if (n == 0) return;
        b.rt.pick(Op.UNARY_BACKWARD, "elementwise.unary_backward", v -> true);
        b.rt.launch("unary_backward", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().i(code(op)).f(p0).f(p1).l(n).ptrOrNull(x, xOff).ptrOrNull(y, yOff).ptr(dy, dyOff).ptr(dx, dxOff));
    }

    void binary(BinaryOp op, int[] shape, Storage a, int aOff, int[] aStrides, Storage bb, int bOff, int[] bStrides,
                Storage out, int outOff) {
        StridedLayout l = StridedLayout.merged(shape, aStrides, bStrides, Shape.contiguousStrides(shape));
        long n = l.numel();
        if (n == 0) return;
        boolean scalarB = true;
        for (int s : l.strides[1]) scalarB &= s == 0;
        boolean dense = l.contiguous(0) && (l.contiguous(1) || scalarB);
        final boolean sb = scalarB;
        String v = b.rt.pick(Op.BINARY, dense ? BINARY_CONTIGUOUS : BINARY_STRIDED,
                name -> name.equals(BINARY_STRIDED) || dense && name.equals(BINARY_CONTIGUOUS));
        if (v.equals(BINARY_CONTIGUOUS)) {
            b.rt.launch("binary_contiguous", Launch.linear(n / 4 + 1, 256, b.rt.gridCap()),
                    b.args().i(code(op)).l(n).ptr(a, aOff).ptr(bb, bOff).i(sb && !l.contiguous(1) ? 0 : 1).ptr(out, outOff));
        } else {
            b.rt.launch("binary_strided", Launch.linear(n, 256, b.rt.gridCap()),
                    b.args().i(code(op)).struct(l.pack(2)).l(n).ptr(a, aOff).ptr(bb, bOff).ptr(out, outOff));
        }
    }
}
