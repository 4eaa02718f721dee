package aedmae.tensor.cuda;

import aedmae.tensor.Storage;

/**
 * The LayerNorm a GEMM epilogue applies to each row of its result (see
 * {@link Epilogue#withNorm}): out = (v - mean) * rstd * weight + bias over the row's N values,
 * written to out[outOff + i*ld + j]; mean[M] and rstd[M] (nullable) as LayerNorm's forward
 * stores them for the backward pass.
 */
public record RowNorm(Storage weight, Storage bias, float eps, Storage out, int outOff, int ld, Storage mean, Storage rstd) {}
