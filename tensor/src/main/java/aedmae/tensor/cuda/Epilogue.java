package aedmae.tensor.cuda;

import aedmae.tensor.Storage;

/**
 * What a GEMM does to each result before storing it, fused into the GEMM kernel:
 * {@code v = alpha*acc; v += bias[j]; v = gelu(v); v += R(i, j); C = v + beta*C}, each step
 * optional; with a {@link RowNorm} the LayerNorm of each row of C is written too. R is read like
 * C: {@code R[rOff + b1*rStride1 + b2*rStride2 + i*ldr + j]}.
 *
 * @param bias     [N] or null; with biasStride1, product b1 of a batch reads bias[biasOff + b1*biasStride1 + j]
 *                 (grouped q/k/v projections, each with its own bias)
 * @param gelu     apply GELU (exact erf form) after the bias
 * @param residual the residual operand or null
 * @param norm     the LayerNorm of the result, or null (N at most 256, one product, no batch)
 */
public record Epilogue(Storage bias, int biasOff, int biasStride1, boolean gelu,
                       Storage residual, int residualOff, int ldr, int rStride1, int rStride2, RowNorm norm) {
    public static final Epilogue NONE = new Epilogue(null, 0, 0, false, null, 0, 0, 0, 0, null);

    /** Linear layer: + bias. */
    public static Epilogue bias(Storage bias, int biasOff) {
        return new Epilogue(bias, biasOff, 0, false, null, 0, 0, 0, 0, null);
    }

    /** MLP first layer: gelu(x W^T + b). */
    public static Epilogue biasGelu(Storage bias, int biasOff) {
        return new Epilogue(bias, biasOff, 0, true, null, 0, 0, 0, 0, null);
    }

    /** Projection with the residual connection: x W^T + b + r (r a single [M, N] matrix, row stride ldr). */
    public static Epilogue biasResidual(Storage bias, int biasOff, Storage residual, int residualOff, int ldr) {
        return new Epilogue(bias, biasOff, 0, false, residual, residualOff, ldr, 0, 0, null);
    }

    /**
     * This epilogue followed by the LayerNorm of the result: the transformer's
     * {@code x = x + proj(a); y = LN(x)} in the projection's GEMM.
     */
    public Epilogue withNorm(RowNorm n) {
        return new Epilogue(bias, biasOff, biasStride1, gelu, residual, residualOff, ldr, rStride1, rStride2, n);
    }

    /** Grouped products: one bias row per b1 index, biasStride1 apart (q, k, v biases stacked as [3, N]). */
    public static Epilogue groupedBias(Storage bias, int biasOff, int biasStride1) {
        return new Epilogue(bias, biasOff, biasStride1, false, null, 0, 0, 0, 0, null);
    }

    boolean isNone() {
        return bias == null && !gelu && residual == null && norm == null;
    }
}
