package aedmae.tensor.cuda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static aedmae.tensor.cuda.Precision.BF16;
import static aedmae.tensor.cuda.Precision.FP32;
import static aedmae.tensor.cuda.Precision.TF32;

/**
 * Every kernel variant, in one place: the dispatcher picks among them, the parity tests run
 * each against its CPU twin, the benchmark times each. A variant is never promoted by copying
 * its code: the launchers refer to these names.
 */
public final class KernelRegistry {
    private static final List<KernelVariant> ALL = new ArrayList<>();

    // ------------------------------------------------------------------ variant names used by the launchers
    public static final String COPY_MEMCPY = "copy.memcpy_async";
    public static final String COPY_STRIDED = "copy.strided";
    public static final String COPY_ADD = "copy.add_contiguous";
    public static final String FILL_MEMSET = "copy.memset_d32";
    public static final String BINARY_CONTIGUOUS = "elementwise.binary_contiguous";
    public static final String BINARY_STRIDED = "elementwise.binary_strided";
    public static final String REDUCE_ROWS = "reduce.block_per_row";
    public static final String REDUCE_STRIDED = "reduce.strided_columns";
    public static final String GEMM_SIMT = "gemm.simt_fp32_64x64";
    public static final String GEMM_TF32_128 = "gemm.tf32_mma_128x128";
    public static final String GEMM_TF32_64 = "gemm.tf32_mma_64x64";
    public static final String GEMM_BF16_128 = "gemm.bf16_mma_128x128";
    public static final String GEMM_BF16_64 = "gemm.bf16_mma_64x64";
    public static final String GEMM_LN128 = "gemm.tf32_mma_rows_ln128";
    public static final String GEMM_LN256 = "gemm.tf32_mma_rows_ln256";
    public static final String SOFTMAX_WARP = "softmax.warp_registers";
    public static final String SOFTMAX_BLOCK = "softmax.block_online";
    public static final String LAYER_NORM_WARP = "layernorm.warp_registers";
    public static final String LAYER_NORM_BLOCK = "layernorm.block_per_row";
    public static final String DWCONV_SCALAR = "depthwise_conv3x3.thread_per_element";
    public static final String DWCONV_VEC4 = "depthwise_conv3x3.vec4_channels";
    public static final String ATTENTION_SIMT = "attention.simt_online_softmax";
    public static final String ATTENTION_TF32 = "attention.tf32_mma_flash";
    public static final String ATTENTION_BF16 = "attention.bf16_mma_flash";

    static {
        add(FILL_MEMSET, Op.FILL, FP32, "cuMemsetD32Async with the float's bits", List.of());
        add(COPY_MEMCPY, Op.COPY, FP32, "contiguous copy on the copy engine (cuMemcpyDtoDAsync)", List.of());
        add(COPY_STRIDED, Op.COPY, FP32, "one thread per element of the merged shape", List.of("copy_strided"));
        add(COPY_ADD, Op.COPY, FP32, "contiguous accumulate, float4", List.of("copy_add_contiguous"));

        add("elementwise.unary", Op.UNARY, FP32, "grid-stride, float4 when aligned", List.of("unary"));
        add("elementwise.unary_backward", Op.UNARY_BACKWARD, FP32, "grid-stride", List.of("unary_backward"));
        add(BINARY_CONTIGUOUS, Op.BINARY, FP32, "same-shape or scalar operand, float4", List.of("binary_contiguous"));
        add(BINARY_STRIDED, Op.BINARY, FP32, "broadcasting through merged strides", List.of("binary_strided"));

        add(REDUCE_ROWS, Op.REDUCE, FP32, "inner = 1: a block per row, double accumulation", List.of("reduce_rows"));
        add(REDUCE_STRIDED, Op.REDUCE, FP32, "inner > 1: 32 coalesced columns x 8 row splits", List.of("reduce_strided"));
        add("reduce.argmax", Op.ARGMAX, FP32, "a thread per (outer, inner)", List.of("argmax"));

        add(GEMM_SIMT, Op.GEMM, FP32, "CUDA cores, 64x64 tiles, 4x4 per thread", List.of("gemm_simt", "gemm_splitk_reduce"));
        add(GEMM_TF32_128, Op.GEMM, TF32, "mma.sync m16n8k8, 8 warps of 64x32, double-buffered smem",
                List.of("gemm_tf32_128x128", "gemm_splitk_reduce"));
        add(GEMM_TF32_64, Op.GEMM, TF32, "mma.sync m16n8k8, 4 warps of 32x32", List.of("gemm_tf32_64x64", "gemm_splitk_reduce"));
        add(GEMM_BF16_128, Op.GEMM, BF16, "mma.sync m16n8k16 bf16, 8 warps of 64x32",
                List.of("gemm_bf16_128x128", "gemm_splitk_reduce"));
        add(GEMM_BF16_64, Op.GEMM, BF16, "mma.sync m16n8k16 bf16, 4 warps of 32x32", List.of("gemm_bf16_64x64", "gemm_splitk_reduce"));

        add(GEMM_LN128, Op.GEMM_LAYER_NORM, TF32, "64x128 tiles holding whole rows (n <= 128), LayerNorm in the epilogue",
                List.of("gemm_tf32_ln128"));
        add(GEMM_LN256, Op.GEMM_LAYER_NORM, TF32, "32x256 tiles holding whole rows (n <= 256), LayerNorm in the epilogue",
                List.of("gemm_tf32_ln256"));

        add(SOFTMAX_WARP, Op.SOFTMAX, FP32, "a warp per row held in registers (cols <= 1024)",
                List.of("softmax_warp128", "softmax_warp256", "softmax_warp512", "softmax_warp1024"));
        add(SOFTMAX_BLOCK, Op.SOFTMAX, FP32, "a block per row, online max and sum", List.of("softmax_online_block"));
        add("softmax.backward_block", Op.SOFTMAX_BACKWARD, FP32, "a block per row", List.of("softmax_backward"));

        add(LAYER_NORM_WARP, Op.LAYER_NORM, FP32, "a warp per row held in registers (cols <= 1024)",
                List.of("layernorm_warp128", "layernorm_warp256", "layernorm_warp512", "layernorm_warp1024"));
        add(LAYER_NORM_BLOCK, Op.LAYER_NORM, FP32, "a block per row, any width", List.of("layernorm_block"));
        add("layernorm.backward_partials", Op.LAYER_NORM_BACKWARD, FP32, "a block per row; dw, db from per-block partials",
                List.of("layernorm_backward", "layernorm_backward_params"));

        add("batchnorm.stats_partials", Op.BATCH_NORM_STATS, FP32, "two passes of per-block double partials",
                List.of("bn_sums_rows", "bn_sums_planes", "bn_finish_stats"));
        add("batchnorm.forward", Op.BATCH_NORM, FP32, "a thread per element", List.of("bn_forward"));
        add("batchnorm.backward_partials", Op.BATCH_NORM_BACKWARD, FP32, "partial sums, coefficients, then dx",
                List.of("bn_sums_rows", "bn_sums_planes", "bn_finish_backward", "bn_backward_dx"));

        add("im2col.thread_per_element", Op.IM2COL, FP32, "a thread per col element", List.of("im2col"));
        add("im2col.col2im_gather", Op.COL2IM, FP32, "a thread per pixel gathers its windows (no atomics)", List.of("col2im"));

        add(DWCONV_SCALAR, Op.DEPTHWISE_CONV, FP32, "a thread per element, C fastest", List.of("dwconv3x3"));
        add(DWCONV_VEC4, Op.DEPTHWISE_CONV, FP32, "four channels per thread, float4 (C % 4 == 0)", List.of("dwconv3x3_vec4"));
        add("depthwise_conv3x3.backward_partials", Op.DEPTHWISE_CONV_BACKWARD, FP32,
                "dx by the flipped kernel; dw from per-block partials",
                List.of("dwconv3x3", "dwconv3x3_vec4", "dwconv3x3_dw_partial", "dwconv3x3_dw_finish"));

        add("pool2d.max", Op.MAX_POOL, FP32, "a thread per output", List.of("maxpool2d"));
        add("pool2d.max_backward_atomic", Op.MAX_POOL_BACKWARD, FP32, "atomicAdd at the argmax", List.of("maxpool2d_backward"));
        add("pool2d.avg", Op.AVG_POOL, FP32, "a thread per output", List.of("avgpool2d"));
        add("pool2d.avg_backward_gather", Op.AVG_POOL_BACKWARD, FP32, "a thread per pixel gathers its windows",
                List.of("avgpool2d_backward"));

        add("indexing.gather", Op.GATHER, FP32, "a thread per index element", List.of("gather"));
        add("indexing.scatter", Op.SCATTER, FP32, "a thread per index element, atomicAdd to accumulate", List.of("scatter"));
        add("indexing.index_select", Op.INDEX_SELECT, FP32, "a thread per output element", List.of("index_select"));
        add("indexing.index_add_atomic", Op.INDEX_ADD, FP32, "atomicAdd per element", List.of("index_add"));
        add("indexing.gather_tokens", Op.GATHER_TOKENS, FP32, "a thread per output element", List.of("gather_tokens"));
        add("indexing.unshuffle_tokens", Op.UNSHUFFLE_TOKENS, FP32, "a thread per output element", List.of("unshuffle_tokens"));

        add("median_filter3x3.network19", Op.MEDIAN_FILTER, FP32, "19 compare-exchanges per pixel", List.of("median3x3"));
        add("median_filter3x3.absdiff", Op.MEDIAN_ABSDIFF, FP32, "two medians and |difference| per pixel",
                List.of("median3x3_absdiff"));

        add("adamw.fused", Op.ADAMW, FP32, "one pass over p, g, m, v", List.of("adamw"));

        add(ATTENTION_SIMT, Op.ATTENTION, FP32, "a thread group per query row, online softmax, K/V tiles in smem",
                List.of("attention_simt_c8", "attention_simt_c16", "attention_simt_c32"));
        add(ATTENTION_TF32, Op.ATTENTION, TF32, "FlashAttention-2 style, mma.sync m16n8k8, P kept in registers (dh 32, 64)",
                List.of("attention_tf32_d32", "attention_tf32_d64"));
        add(ATTENTION_BF16, Op.ATTENTION, BF16, "as tf32_mma_flash with mma.sync m16n8k16 bf16; P packed from the S accumulators",
                List.of("attention_bf16_d32", "attention_bf16_d64"));
        add("attention.simt_recompute", Op.ATTENTION_BACKWARD, FP32, "delta, then dQ per query and dK/dV per key, P from lse",
                List.of("attention_bwd_delta", "attention_bwd_dq_c8", "attention_bwd_dq_c16", "attention_bwd_dq_c32",
                        "attention_bwd_dkdv_c8", "attention_bwd_dkdv_c16", "attention_bwd_dkdv_c32"));

        add("motion_weights.block_per_sample", Op.MOTION_WEIGHTS, FP32, "a block per sample: max, token maxima, normalise",
                List.of("motion_weights"));
        add("motion_weights.weighted_mse", Op.WEIGHTED_MSE, FP32, "a warp per token, loss and gradient in one pass",
                List.of("weighted_mse"));

        add("im2col.patch_rows", Op.PATCH_ROWS, FP32, "a thread per element of the kept patches' rows", List.of("patch_rows"));
        add("im2col.stack_frames_u8", Op.STACK_FRAMES, FP32, "uint8 frames to normalised planes (9-channel stacks)", List.of("stack_frames_u8"));
        add("im2col.u8_to_f32", Op.U8_TO_F32, FP32, "uint8 bytes to scaled floats", List.of("u8_to_f32"));
        add("im2col.patch_rows_u8", Op.PATCH_ROWS_U8, FP32, "kept patches' rows straight from uint8 frames (no float stack)",
                List.of("patch_rows_u8"));
    }

    private KernelRegistry() {}

    private static void add(String name, Op op, Precision precision, String technique, List<String> symbols) {
        String module = name.substring(0, name.indexOf('.'));
        for (KernelVariant v : ALL) {
            if (v.name().equals(name)) throw new IllegalStateException("duplicate kernel variant " + name);
        }
        ALL.add(new KernelVariant(name, op, module, symbols, precision, technique));
    }

    /** All variants, in registration order. */
    public static List<KernelVariant> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The variants of one operation. */
    public static List<KernelVariant> of(Op op) {
        List<KernelVariant> out = new ArrayList<>();
        for (KernelVariant v : ALL) if (v.op() == op) out.add(v);
        return out;
    }

    /** The variant with this name; throws naming the known ones when there is none. */
    public static KernelVariant byName(String name) {
        for (KernelVariant v : ALL) if (v.name().equals(name)) return v;
        throw new IllegalArgumentException("no kernel variant '" + name + "'; known: " + names());
    }

    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (KernelVariant v : ALL) out.add(v.name());
        return out;
    }

    /** The kernel files (kernels/NAME.cu, resources /aedmae/kernels/NAME.fatbin). */
    public static Set<String> modules() {
        Set<String> out = new LinkedHashSet<>();
        for (KernelVariant v : ALL) out.add(v.module());
        return out;
    }

    /** Entry points by kernel file, each listed once. */
    public static Map<String, Set<String>> symbolsByModule() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (KernelVariant v : ALL) out.computeIfAbsent(v.module(), k -> new LinkedHashSet<>()).addAll(v.symbols());
        return out;
    }

    /** Variants grouped by operation (every Op present, possibly with an empty list). */
    public static Map<Op, List<KernelVariant>> byOp() {
        Map<Op, List<KernelVariant>> out = new EnumMap<>(Op.class);
        for (Op op : Op.values()) out.put(op, of(op));
        return out;
    }
}
