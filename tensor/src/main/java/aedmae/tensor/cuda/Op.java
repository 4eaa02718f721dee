package aedmae.tensor.cuda;

/**
 * The operations the CUDA backend dispatches, one per {@link aedmae.tensor.Backend} kernel method
 * plus the fused model kernels that only {@link CudaBackend} offers (marked "extra").
 */
public enum Op {
    FILL, COPY,
    UNARY, UNARY_BACKWARD, BINARY,
    REDUCE, ARGMAX,
    GEMM,
    /** extra: GEMM whose epilogue also writes the LayerNorm of each result row. */
    GEMM_LAYER_NORM,
    SOFTMAX, SOFTMAX_BACKWARD,
    LAYER_NORM, LAYER_NORM_BACKWARD,
    BATCH_NORM_STATS, BATCH_NORM, BATCH_NORM_BACKWARD,
    IM2COL, COL2IM,
    DEPTHWISE_CONV, DEPTHWISE_CONV_BACKWARD,
    MAX_POOL, MAX_POOL_BACKWARD, AVG_POOL, AVG_POOL_BACKWARD,
    GATHER, SCATTER, INDEX_SELECT, INDEX_ADD,
    MEDIAN_FILTER,
    ADAMW,
    ATTENTION, ATTENTION_BACKWARD,
    MOTION_WEIGHTS,
    /** extra: rows of the patch-embedding GEMM for kept patches only. */
    PATCH_ROWS,
    /** extra: normalised frames (9-channel input stacks) from uint8 frames. */
    STACK_FRAMES,
    /** extra: uint8 bytes to floats (gradients, anomaly maps, labels of a batch). */
    U8_TO_F32,
    /** extra: the patch-embedding rows of kept patches straight from uint8 frames. */
    PATCH_ROWS_U8,
    /** extra: the MAE's gather of kept tokens per sample. */
    GATHER_TOKENS,
    /** extra: the decoder's unshuffle that inserts mask tokens. */
    UNSHUFFLE_TOKENS,
    /** extra: |median3x3(a) - median3x3(b)|, the motion gradient. */
    MEDIAN_ABSDIFF,
    /** extra: motion-weighted squared error per token, with its gradient. */
    WEIGHTED_MSE
}
