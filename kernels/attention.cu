// Fused multi-head attention on token-major [B, T, H*dh] tensors (twin of
// aedmae.tensor.cpu.Attention): out[b, :, head h] = softmax(Q K^T * scale) V, one launch per
// layer, no T x T matrix in device memory. The reference's scale is 1/sqrt(dim) of the whole
// embedding (model-spec: a quirk), passed in by the caller.
//
// Variants (registered in aedmae.tensor.cuda.KernelRegistry):
//   attention_simt_c{8,16,32}   FP32 on the CUDA cores, online softmax. A group of `split`
//                               threads owns one query row, each thread c dims of it (c = 8, 16
//                               or 32; split = ceil(dh/c) rounded to a power of two). Any dh.
//   attention_tf32_d{32,64}     tensor cores (mma.sync m16n8k8 TF32, FP32 accumulation and
//                               softmax), FlashAttention-2 style: 4 warps x 16 query rows, key
//                               tiles of 64 in shared memory, scores and probabilities never
//                               leave registers. dh = 32 or 64 (the avenue decoder and encoder).
//   attention_bf16_d{32,64}     the same with BF16 operands (mma.sync m16n8k16), P packed from
//                               the S accumulators in registers (the FlashAttention-2 layout).
//   attention_bwd_*             backward, FP32 SIMT: delta = rowsum(dO * O); dQ per query
//                               row; dK and dV per key row. P is recomputed from lse.
#include "common.cuh"

struct AttnParams {
    int batch, tokens, heads, head_dim;
    float scale;
    int q_off, k_off, v_off, o_off, do_off;
    int split; // threads per row (SIMT variants)
};

#define SIMT_THREADS 128 // no __launch_bounds__ on these: with it ptxas aims for occupancy and spills
#define SIMT_KEYS 32   // keys per shared-memory tile
#define SIMT_CHUNK 16  // scores held in registers at once

/** Row stride of a tile row in shared memory: split groups of (c + 1) floats (the +1 breaks bank conflicts). */
__device__ __forceinline__ int simt_row(int split, int c) { return split * (c + 1); }

/**
 * Loads rows [r0, r0 + rows) of the head's columns of a token-major tensor into a shared tile
 * laid out [row][part][c + 1]; rows past T and dims past dh are zero.
 */
template <int C>
__device__ __forceinline__ void simt_load_tile(float* tile, const float* __restrict__ src, int base, int r0, int rows,
                                               const AttnParams& p) {
    int dmodel = p.heads * p.head_dim;
    int rs = simt_row(p.split, C);
    int width = p.split * C;
    for (int e = threadIdx.x; e < rows * width; e += blockDim.x) {
        int r = e / width, d = e - r * width;
        int t = r0 + r;
        float v = (t < p.tokens && d < p.head_dim) ? src[base + (long long)t * dmodel + d] : 0.f;
        tile[r * rs + (d / C) * (C + 1) + d % C] = v;
    }
}

/** Sum over the `split` lanes of one row group (split is a power of two dividing 32). */
__device__ __forceinline__ float group_sum(float v, int split) {
    for (int o = split >> 1; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

/**
 * attention_simt_cC: grid (ceil(T / (128/split)), B*H), 128 threads. Reads q, k, v; overwrites
 * out and lse [B, H, T] (nullable).
 */
template <int C>
__device__ __forceinline__ void attention_simt(const AttnParams& p, const float* __restrict__ q, const float* __restrict__ k,
                                               const float* __restrict__ v, float* __restrict__ out, float* __restrict__ lse) {
    extern __shared__ float smem[];
    int split = p.split;
    int rows_per_block = SIMT_THREADS / split;
    int bh = blockIdx.y, b = bh / p.heads, h = bh - b * p.heads;
    int dmodel = p.heads * p.head_dim;
    int head_base = b * p.tokens * dmodel + h * p.head_dim;
    int part = threadIdx.x % split;
    int qi = blockIdx.x * rows_per_block + threadIdx.x / split;
    bool valid = qi < p.tokens;
    float* Ks = smem;
    float* Vs = smem + SIMT_KEYS * simt_row(split, C);
    int rs = simt_row(split, C);

    float qr[C], acc[C];
#pragma unroll
    for (int c = 0; c < C; c++) {
        int d = part * C + c;
        qr[c] = (valid && d < p.head_dim) ? q[p.q_off + head_base + (long long)qi * dmodel + d] * p.scale : 0.f;
        acc[c] = 0.f;
    }
    float m = -INFINITY, l = 0.f;
    for (int j0 = 0; j0 < p.tokens; j0 += SIMT_KEYS) {
        __syncthreads(); // the previous tile is no longer read
        simt_load_tile<C>(Ks, k + p.k_off, head_base, j0, SIMT_KEYS, p);
        simt_load_tile<C>(Vs, v + p.v_off, head_base, j0, SIMT_KEYS, p);
        __syncthreads();
        int nkeys = min(SIMT_KEYS, p.tokens - j0);
        for (int c0 = 0; c0 < nkeys; c0 += SIMT_CHUNK) {
            float s[SIMT_CHUNK];
            float cmax = -INFINITY;
#pragma unroll
            for (int j = 0; j < SIMT_CHUNK; j++) {
                const float* kr = Ks + (c0 + j) * rs + part * (C + 1);
                float dot = 0.f;
#pragma unroll
                for (int c = 0; c < C; c++) dot = fmaf(qr[c], kr[c], dot);
                dot = group_sum(dot, split);
                s[j] = (c0 + j < nkeys) ? dot : -INFINITY;
                cmax = fmaxf(cmax, s[j]);
            }
            float mnew = fmaxf(m, cmax);
            float corr = expf(m - mnew); // m = -inf at the start: corr = 0
            l *= corr;
#pragma unroll
            for (int c = 0; c < C; c++) acc[c] *= corr;
#pragma unroll
            for (int j = 0; j < SIMT_CHUNK; j++) {
                float pj = expf(s[j] - mnew);
                l += pj;
                const float* vr = Vs + (c0 + j) * rs + part * (C + 1);
#pragma unroll
                for (int c = 0; c < C; c++) acc[c] = fmaf(pj, vr[c], acc[c]);
            }
            m = mnew;
        }
    }
    if (valid) {
        float inv = 1.f / l;
#pragma unroll
        for (int c = 0; c < C; c++) {
            int d = part * C + c;
            if (d < p.head_dim) out[p.o_off + head_base + (long long)qi * dmodel + d] = acc[c] * inv;
        }
        if (lse && part == 0) lse[(long long)bh * p.tokens + qi] = m + logf(l);
    }
}

#define ATTN_SIMT_KERNEL(C)                                                                                     \
    extern "C" __global__ void attention_simt_c##C(                             \
        AttnParams p, const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,      \
        float* __restrict__ out, float* __restrict__ lse) {                                                      \
        attention_simt<C>(p, q, k, v, out, lse);                                                                 \
    }
ATTN_SIMT_KERNEL(8)
ATTN_SIMT_KERNEL(16)
ATTN_SIMT_KERNEL(32)

// ============================================================================ tensor cores

#define TC_WARPS 4
#define TC_ROWS (16 * TC_WARPS) // query rows per block
#define TC_KEYS 64              // keys per tile

/**
 * attention_{tf32,bf16}_dDH: one template, the precision a parameter (as gemm.cu's variants).
 * Grid (ceil(T/64), B*H), 128 threads. Needs 16-byte aligned rows: offsets and H*dh multiples
 * of 4 (the host checks). Per warp, 16 query rows; per key tile of 64:
 *   S = (Q * scale * log2 e) K^T      tensor-core mma, Q fragments kept in registers
 *   online softmax in base 2 on the S fragments (rows g and g+8 of the warp's 16)
 *   O += P V                          P taken from the S accumulators in registers
 * TF32 (mma.sync m16n8k8): K and V rounded to tf32 once as the tile is loaded (rows padded by
 *   4: conflict-free fragment reads); P reused as the A operand in place: the fragment holds
 *   keys 2t and 2t+1, so the k index of the PV product is permuted (logical t <-> key 2t,
 *   t+4 <-> key 2t+1) and V is read with the same permutation. No shuffles, no shared P.
 * BF16 (mma.sync m16n8k16, twice the tensor-core rate): the S accumulators of two n-tiles are
 *   exactly the A fragment of the PV product (the FlashAttention-2 layout); K rows are read as
 *   pairs (padded by 8 to keep the 8-byte reads conflict-free), V columns as single floats.
 * FP32 accumulation and softmax in both. Reads q, k, v; overwrites out and lse (nullable,
 * natural log).
 */
template <int DH, bool BF16>
__device__ __forceinline__ void attention_tc(const AttnParams& p, const float* __restrict__ q, const float* __restrict__ k,
                                             const float* __restrict__ v, float* __restrict__ out, float* __restrict__ lse) {
    constexpr int KS = BF16 ? DH + 8 : DH + 4, VS = DH + 4; // padded rows of the K and V tiles
    constexpr int QK = BF16 ? DH / 16 : DH / 8;             // k-steps of the QK^T product
    constexpr int NT = DH / 8;                              // n-tiles of O
    __shared__ __align__(16) float Ks[TC_KEYS * KS];
    __shared__ __align__(16) float Vs[TC_KEYS * VS];
    const float LOG2E = 1.4426950408889634f;
    int bh = blockIdx.y, b = bh / p.heads, h = bh - b * p.heads;
    int dmodel = p.heads * DH;
    long long head_base = (long long)b * p.tokens * dmodel + h * DH;
    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
    int r0 = blockIdx.x * TC_ROWS + warp * 16 + g, r1 = r0 + 8;

    // Q fragments for all k-steps, pre-scaled into log2 units
    uint32_t qa[QK][4];
    float qs = p.scale * LOG2E;
    const float* qb = q + p.q_off + head_base;
#pragma unroll
    for (int kc = 0; kc < QK; kc++) {
        if constexpr (BF16) {
            int d = kc * 16 + 2 * t;
            float2 x0 = r0 < p.tokens ? *reinterpret_cast<const float2*>(qb + (long long)r0 * dmodel + d) : make_float2(0.f, 0.f);
            float2 x1 = r1 < p.tokens ? *reinterpret_cast<const float2*>(qb + (long long)r1 * dmodel + d) : make_float2(0.f, 0.f);
            float2 x2 = r0 < p.tokens ? *reinterpret_cast<const float2*>(qb + (long long)r0 * dmodel + d + 8) : make_float2(0.f, 0.f);
            float2 x3 = r1 < p.tokens ? *reinterpret_cast<const float2*>(qb + (long long)r1 * dmodel + d + 8) : make_float2(0.f, 0.f);
            qa[kc][0] = pack_bf16x2(x0.x * qs, x0.y * qs);
            qa[kc][1] = pack_bf16x2(x1.x * qs, x1.y * qs);
            qa[kc][2] = pack_bf16x2(x2.x * qs, x2.y * qs);
            qa[kc][3] = pack_bf16x2(x3.x * qs, x3.y * qs);
        } else {
            int d = kc * 8 + t;
            qa[kc][0] = to_tf32(r0 < p.tokens ? qb[(long long)r0 * dmodel + d] * qs : 0.f);
            qa[kc][1] = to_tf32(r1 < p.tokens ? qb[(long long)r1 * dmodel + d] * qs : 0.f);
            qa[kc][2] = to_tf32(r0 < p.tokens ? qb[(long long)r0 * dmodel + d + 4] * qs : 0.f);
            qa[kc][3] = to_tf32(r1 < p.tokens ? qb[(long long)r1 * dmodel + d + 4] * qs : 0.f);
        }
    }
    float o[NT][4];
#pragma unroll
    for (int i = 0; i < NT; i++)
#pragma unroll
        for (int e = 0; e < 4; e++) o[i][e] = 0.f;
    float m0 = -INFINITY, m1 = -INFINITY, l0 = 0.f, l1 = 0.f; // rows g and g+8; l is this thread's partial

    const float* kb = k + p.k_off + head_base;
    const float* vb = v + p.v_off + head_base;
    for (int j0 = 0; j0 < p.tokens; j0 += TC_KEYS) {
        __syncthreads();
        // K and V tiles: 64 rows x DH, float4 per thread-step (TF32: rounded once here)
        for (int e = threadIdx.x; e < TC_KEYS * DH / 4; e += blockDim.x) {
            int r = e / (DH / 4), c4 = (e - r * (DH / 4)) * 4;
            float4 kv = make_float4(0.f, 0.f, 0.f, 0.f), vv = kv;
            if (j0 + r < p.tokens) {
                kv = __ldg(reinterpret_cast<const float4*>(kb + (long long)(j0 + r) * dmodel + c4));
                vv = __ldg(reinterpret_cast<const float4*>(vb + (long long)(j0 + r) * dmodel + c4));
            }
            if constexpr (!BF16) {
                kv.x = __uint_as_float(to_tf32(kv.x)); kv.y = __uint_as_float(to_tf32(kv.y));
                kv.z = __uint_as_float(to_tf32(kv.z)); kv.w = __uint_as_float(to_tf32(kv.w));
                vv.x = __uint_as_float(to_tf32(vv.x)); vv.y = __uint_as_float(to_tf32(vv.y));
                vv.z = __uint_as_float(to_tf32(vv.z)); vv.w = __uint_as_float(to_tf32(vv.w));
            }
            *reinterpret_cast<float4*>(Ks + r * KS + c4) = kv;
            *reinterpret_cast<float4*>(Vs + r * VS + c4) = vv;
        }
        __syncthreads();

        // S = Q K^T for 8 n-tiles of 8 keys
        float s[TC_KEYS / 8][4];
#pragma unroll
        for (int nt = 0; nt < TC_KEYS / 8; nt++) {
            s[nt][0] = s[nt][1] = s[nt][2] = s[nt][3] = 0.f;
            if constexpr (BF16) {
                const float* kr = Ks + (nt * 8 + g) * KS + 2 * t;
#pragma unroll
                for (int kc = 0; kc < QK; kc++) {
                    float2 y0 = *reinterpret_cast<const float2*>(kr + kc * 16);
                    float2 y1 = *reinterpret_cast<const float2*>(kr + kc * 16 + 8);
                    uint32_t bf[2] = {pack_bf16x2(y0.x, y0.y), pack_bf16x2(y1.x, y1.y)};
                    mma_bf16_16x8x16(s[nt], qa[kc], bf);
                }
            } else {
                const float* kr = Ks + (nt * 8 + g) * KS + t;
#pragma unroll
                for (int kc = 0; kc < QK; kc++) {
                    uint32_t bf[2] = {__float_as_uint(kr[kc * 8]), __float_as_uint(kr[kc * 8 + 4])};
                    mma_tf32_16x8x8(s[nt], qa[kc], bf);
                }
            }
        }
        // mask keys past T, row maxima over the quad
        float mx0 = -INFINITY, mx1 = -INFINITY;
#pragma unroll
        for (int nt = 0; nt < TC_KEYS / 8; nt++) {
            int key = j0 + nt * 8 + 2 * t;
            if (key >= p.tokens) { s[nt][0] = -INFINITY; s[nt][2] = -INFINITY; }
            if (key + 1 >= p.tokens) { s[nt][1] = -INFINITY; s[nt][3] = -INFINITY; }
            mx0 = fmaxf(mx0, fmaxf(s[nt][0], s[nt][1]));
            mx1 = fmaxf(mx1, fmaxf(s[nt][2], s[nt][3]));
        }
        mx0 = fmaxf(mx0, __shfl_xor_sync(0xffffffffu, mx0, 1));
        mx0 = fmaxf(mx0, __shfl_xor_sync(0xffffffffu, mx0, 2));
        mx1 = fmaxf(mx1, __shfl_xor_sync(0xffffffffu, mx1, 1));
        mx1 = fmaxf(mx1, __shfl_xor_sync(0xffffffffu, mx1, 2));
        float n0 = fmaxf(m0, mx0), n1 = fmaxf(m1, mx1); // finite: every tile has a valid key
        float c0 = exp2f(m0 - n0), c1 = exp2f(m1 - n1);
        m0 = n0;
        m1 = n1;
        l0 *= c0;
        l1 *= c1;
#pragma unroll
        for (int i = 0; i < NT; i++) {
            o[i][0] *= c0; o[i][1] *= c0;
            o[i][2] *= c1; o[i][3] *= c1;
        }
        // P = exp2(S - m), then O += P V
        if constexpr (BF16) {
            // k-steps of 16 keys: n-tiles 2c and 2c+1 of S form the A fragment
#pragma unroll
            for (int c = 0; c < TC_KEYS / 16; c++) {
                float pr[2][4];
#pragma unroll
                for (int u = 0; u < 2; u++) {
                    pr[u][0] = exp2f(s[2 * c + u][0] - m0);
                    pr[u][1] = exp2f(s[2 * c + u][1] - m0);
                    pr[u][2] = exp2f(s[2 * c + u][2] - m1);
                    pr[u][3] = exp2f(s[2 * c + u][3] - m1);
                    l0 += pr[u][0] + pr[u][1];
                    l1 += pr[u][2] + pr[u][3];
                }
                uint32_t pa[4] = {pack_bf16x2(pr[0][0], pr[0][1]), pack_bf16x2(pr[0][2], pr[0][3]),
                                  pack_bf16x2(pr[1][0], pr[1][1]), pack_bf16x2(pr[1][2], pr[1][3])};
                const float* v0 = Vs + (c * 16 + 2 * t) * VS + g;
#pragma unroll
                for (int dt = 0; dt < NT; dt++) {
                    uint32_t bf[2] = {pack_bf16x2(v0[dt * 8], v0[VS + dt * 8]),
                                      pack_bf16x2(v0[8 * VS + dt * 8], v0[9 * VS + dt * 8])};
                    mma_bf16_16x8x16(o[dt], pa, bf);
                }
            }
        } else {
            // one n-tile of 8 keys per k-step, with the permuted k index
#pragma unroll
            for (int nt = 0; nt < TC_KEYS / 8; nt++) {
                float p00 = exp2f(s[nt][0] - m0), p01 = exp2f(s[nt][1] - m0);
                float p10 = exp2f(s[nt][2] - m1), p11 = exp2f(s[nt][3] - m1);
                l0 += p00 + p01;
                l1 += p10 + p11;
                uint32_t pa[4] = {to_tf32(p00), to_tf32(p10), to_tf32(p01), to_tf32(p11)};
                const float* vr0 = Vs + (nt * 8 + 2 * t) * VS + g;
#pragma unroll
                for (int dt = 0; dt < NT; dt++) {
                    uint32_t bf[2] = {__float_as_uint(vr0[dt * 8]), __float_as_uint(vr0[VS + dt * 8])};
                    mma_tf32_16x8x8(o[dt], pa, bf);
                }
            }
        }
    }
    // finish: full row sums over the quad, normalise, store
    l0 += __shfl_xor_sync(0xffffffffu, l0, 1);
    l0 += __shfl_xor_sync(0xffffffffu, l0, 2);
    l1 += __shfl_xor_sync(0xffffffffu, l1, 1);
    l1 += __shfl_xor_sync(0xffffffffu, l1, 2);
    float i0 = 1.f / l0, i1 = 1.f / l1;
    float* ob = out + p.o_off + head_base;
#pragma unroll
    for (int dt = 0; dt < NT; dt++) {
        int d = dt * 8 + 2 * t;
        if (r0 < p.tokens) {
            ob[(long long)r0 * dmodel + d] = o[dt][0] * i0;
            ob[(long long)r0 * dmodel + d + 1] = o[dt][1] * i0;
        }
        if (r1 < p.tokens) {
            ob[(long long)r1 * dmodel + d] = o[dt][2] * i1;
            ob[(long long)r1 * dmodel + d + 1] = o[dt][3] * i1;
        }
    }
    if (lse && t == 0) {
        const float LN2 = 0.69314718055994531f;
        if (r0 < p.tokens) lse[(long long)bh * p.tokens + r0] = (m0 + log2f(l0)) * LN2;
        if (r1 < p.tokens) lse[(long long)bh * p.tokens + r1] = (m1 + log2f(l1)) * LN2;
    }
}

#define ATTN_TC_KERNEL(NAME, DH, BF16)                                                                           \
    extern "C" __global__ void __launch_bounds__(128) NAME(AttnParams p, const float* __restrict__ q,             \
                                                           const float* __restrict__ k, const float* __restrict__ v, \
                                                           float* __restrict__ out, float* __restrict__ lse) {     \
        attention_tc<DH, BF16>(p, q, k, v, out, lse);                                                            \
    }
ATTN_TC_KERNEL(attention_tf32_d32, 32, false)
ATTN_TC_KERNEL(attention_tf32_d64, 64, false)
ATTN_TC_KERNEL(attention_bf16_d32, 32, true)
ATTN_TC_KERNEL(attention_bf16_d64, 64, true)

// ============================================================================ backward

/**
 * attention_bwd_delta: delta[b, h, t] = sum_d dO[b, t, h, d] * O[b, t, h, d], one warp per
 * (b, t, h). Reads out, dout; overwrites delta [B, H, T].
 */
extern "C" __global__ void attention_bwd_delta(AttnParams p, const float* __restrict__ out, const float* __restrict__ dout,
                                               float* __restrict__ delta) {
    int lane = threadIdx.x & 31;
    long long rows = (long long)p.batch * p.tokens * p.heads;
    long long warps = (long long)gridDim.x * (blockDim.x >> 5);
    for (long long r = (long long)blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5); r < rows; r += warps) {
        // r enumerates (b, t, h) with h fastest: the same memory order as the [B, T, H*dh] rows
        long long bt = r / p.heads;
        int h = (int)(r - bt * p.heads);
        int b = (int)(bt / p.tokens), t = (int)(bt - (long long)b * p.tokens);
        long long base = bt * p.heads * p.head_dim + (long long)h * p.head_dim;
        float s = 0.f;
        for (int d = lane; d < p.head_dim; d += 32) s += dout[p.do_off + base + d] * out[p.o_off + base + d];
        s = warp_sum(s);
        if (lane == 0) delta[((long long)b * p.heads + h) * p.tokens + t] = s;
    }
}

/**
 * attention_bwd_dq_cC: one row group per query (as attention_simt). With p_ij =
 * exp(scale q_i.k_j - lse_i): dQ_i = scale * sum_j p_ij (dO_i.v_j - delta_i) k_j.
 * Reads q, k, v, lse, delta, dout; overwrites dq.
 */
template <int C>
__device__ __forceinline__ void attention_bwd_dq(const AttnParams& p, const float* __restrict__ q, const float* __restrict__ k,
                                                 const float* __restrict__ v, const float* __restrict__ lse,
                                                 const float* __restrict__ delta, const float* __restrict__ dout,
                                                 float* __restrict__ dq) {
    extern __shared__ float smem[];
    int split = p.split;
    int rows_per_block = SIMT_THREADS / split;
    int bh = blockIdx.y, b = bh / p.heads, h = bh - b * p.heads;
    int dmodel = p.heads * p.head_dim;
    int head_base = b * p.tokens * dmodel + h * p.head_dim;
    int part = threadIdx.x % split;
    int qi = blockIdx.x * rows_per_block + threadIdx.x / split;
    bool valid = qi < p.tokens;
    int rs = simt_row(split, C);
    float* Ks = smem;
    float* Vs = smem + SIMT_KEYS * rs;
    float qr[C], gr[C], acc[C];
#pragma unroll
    for (int c = 0; c < C; c++) {
        int d = part * C + c;
        bool in = valid && d < p.head_dim;
        qr[c] = in ? q[p.q_off + head_base + (long long)qi * dmodel + d] : 0.f;
        gr[c] = in ? dout[p.do_off + head_base + (long long)qi * dmodel + d] : 0.f;
        acc[c] = 0.f;
    }
    float li = valid ? lse[(long long)bh * p.tokens + qi] : 0.f;
    float di = valid ? delta[(long long)bh * p.tokens + qi] : 0.f;
    for (int j0 = 0; j0 < p.tokens; j0 += SIMT_KEYS) {
        __syncthreads();
        simt_load_tile<C>(Ks, k + p.k_off, head_base, j0, SIMT_KEYS, p);
        simt_load_tile<C>(Vs, v + p.v_off, head_base, j0, SIMT_KEYS, p);
        __syncthreads();
        int nkeys = min(SIMT_KEYS, p.tokens - j0);
        for (int j = 0; j < nkeys; j++) {
            const float* kr = Ks + j * rs + part * (C + 1);
            const float* vr = Vs + j * rs + part * (C + 1);
            float s = 0.f, dp = 0.f;
#pragma unroll
            for (int c = 0; c < C; c++) {
                s = fmaf(qr[c], kr[c], s);
                dp = fmaf(gr[c], vr[c], dp);
            }
            s = group_sum(s, split);
            dp = group_sum(dp, split);
            float pij = expf(s * p.scale - li);
            float ds = pij * (dp - di);
#pragma unroll
            for (int c = 0; c < C; c++) acc[c] = fmaf(ds, kr[c], acc[c]);
        }
    }
    if (valid) {
#pragma unroll
        for (int c = 0; c < C; c++) {
            int d = part * C + c;
            if (d < p.head_dim) dq[head_base + (long long)qi * dmodel + d] = acc[c] * p.scale;
        }
    }
}

/**
 * attention_bwd_dkdv_cC: one row group per key j, queries streamed through shared memory with
 * their lse and delta: dV_j = sum_i p_ij dO_i; dK_j = scale * sum_i p_ij (dO_i.v_j - delta_i) q_i.
 * Reads q, k, v, lse, delta, dout; overwrites dk, dv.
 */
template <int C>
__device__ __forceinline__ void attention_bwd_dkdv(const AttnParams& p, const float* __restrict__ q, const float* __restrict__ k,
                                                   const float* __restrict__ v, const float* __restrict__ lse,
                                                   const float* __restrict__ delta, const float* __restrict__ dout,
                                                   float* __restrict__ dk, float* __restrict__ dv) {
    extern __shared__ float smem[];
    int split = p.split;
    int rows_per_block = SIMT_THREADS / split;
    int bh = blockIdx.y, b = bh / p.heads, h = bh - b * p.heads;
    int dmodel = p.heads * p.head_dim;
    int head_base = b * p.tokens * dmodel + h * p.head_dim;
    int part = threadIdx.x % split;
    int kj = blockIdx.x * rows_per_block + threadIdx.x / split;
    bool valid = kj < p.tokens;
    int rs = simt_row(split, C);
    float* Qs = smem;
    float* Gs = smem + SIMT_KEYS * rs;
    float* Ls = Gs + SIMT_KEYS * rs;
    float* Ds = Ls + SIMT_KEYS;
    float kr[C], vr[C], ak[C], av[C];
#pragma unroll
    for (int c = 0; c < C; c++) {
        int d = part * C + c;
        bool in = valid && d < p.head_dim;
        kr[c] = in ? k[p.k_off + head_base + (long long)kj * dmodel + d] : 0.f;
        vr[c] = in ? v[p.v_off + head_base + (long long)kj * dmodel + d] : 0.f;
        ak[c] = 0.f;
        av[c] = 0.f;
    }
    for (int i0 = 0; i0 < p.tokens; i0 += SIMT_KEYS) {
        __syncthreads();
        simt_load_tile<C>(Qs, q + p.q_off, head_base, i0, SIMT_KEYS, p);
        simt_load_tile<C>(Gs, dout + p.do_off, head_base, i0, SIMT_KEYS, p);
        for (int e = threadIdx.x; e < SIMT_KEYS; e += blockDim.x) {
            bool in = i0 + e < p.tokens;
            Ls[e] = in ? lse[(long long)bh * p.tokens + i0 + e] : 0.f;
            Ds[e] = in ? delta[(long long)bh * p.tokens + i0 + e] : 0.f;
        }
        __syncthreads();
        int nq = min(SIMT_KEYS, p.tokens - i0);
        for (int i = 0; i < nq; i++) {
            const float* qrow = Qs + i * rs + part * (C + 1);
            const float* grow = Gs + i * rs + part * (C + 1);
            float s = 0.f, dp = 0.f;
#pragma unroll
            for (int c = 0; c < C; c++) {
                s = fmaf(qrow[c], kr[c], s);
                dp = fmaf(grow[c], vr[c], dp);
            }
            s = group_sum(s, split);
            dp = group_sum(dp, split);
            float pij = expf(s * p.scale - Ls[i]);
            float ds = pij * (dp - Ds[i]);
#pragma unroll
            for (int c = 0; c < C; c++) {
                av[c] = fmaf(pij, grow[c], av[c]);
                ak[c] = fmaf(ds, qrow[c], ak[c]);
            }
        }
    }
    if (valid) {
#pragma unroll
        for (int c = 0; c < C; c++) {
            int d = part * C + c;
            if (d < p.head_dim) {
                dk[head_base + (long long)kj * dmodel + d] = ak[c] * p.scale;
                dv[head_base + (long long)kj * dmodel + d] = av[c];
            }
        }
    }
}

#define ATTN_BWD_KERNELS(C)                                                                                        \
    extern "C" __global__ void attention_bwd_dq_c##C(                              \
        AttnParams p, const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,         \
        const float* __restrict__ lse, const float* __restrict__ delta, const float* __restrict__ dout,             \
        float* __restrict__ dq) {                                                                                   \
        attention_bwd_dq<C>(p, q, k, v, lse, delta, dout, dq);                                                      \
    }                                                                                                               \
    extern "C" __global__ void attention_bwd_dkdv_c##C(                            \
        AttnParams p, const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,         \
        const float* __restrict__ lse, const float* __restrict__ delta, const float* __restrict__ dout,             \
        float* __restrict__ dk, float* __restrict__ dv) {                                                           \
        attention_bwd_dkdv<C>(p, q, k, v, lse, delta, dout, dk, dv);                                                \
    }
ATTN_BWD_KERNELS(8)
ATTN_BWD_KERNELS(16)
ATTN_BWD_KERNELS(32)
