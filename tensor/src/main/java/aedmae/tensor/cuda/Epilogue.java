package aedmae.tensor.cuda;

import aedmae.tensor.Storage;

/**
 * What a GEMM does to each result before storing it, fused into the GEMM kernel:
 * {@code v = alpha*acc; v += bias[j]; v = gelu(v); v += R(i, j); C = v + beta*C}, each step
 * optional. R is read like C: {@code R[rOff + b1*rStride1 + b2*rStride2 + i*ldr + j]}.
 *
 * @param bias     [N] or null
 * @param gelu     apply GELU (exact erf form) after the bias
 * @param residual the residual operand or null
 */
public record Epilogue(Storage bias, int biasOff, boolean gelu,
                       Storage residual, int residualOff, int ldr, int rStride1, int rStride2) {
    public static final Epilogue NONE = new Epilogue(null, 0, false, null, 0, 0, 0, 0);

    /** Linear layer: + bias. */
    public static Epilogue bias(Storage bias, int biasOff) {
        return new Epilogue(bias, biasOff, false, null, 0, 0, 0, 0);
    }

    /** MLP first layer: gelu(x W^T + b). */
    public static Epilogue biasGelu(Storage bias, int biasOff) {
        return new Epilogue(bias, biasOff, true, null, 0, 0, 0, 0);
    }

    /** Projection with the residual connection: x W^T + b + r (r a single [M, N] matrix, row stride ldr). */
    public static Epilogue biasResidual(Storage bias, int biasOff, Storage residual, int residualOff, int ldr) {
        return new Epilogue(bias, biasOff, false, residual, residualOff, ldr, 0, 0);
    }

    boolean isNone() {
        return bias == null && !gelu && residual == null;
    }
}
