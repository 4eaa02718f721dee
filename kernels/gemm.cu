// Batched strided GEMM, C = epilogue(alpha * op(A) op(B)) + beta * C (twin of
// aedmae.tensor.cpu.Gemm, see aedmae.tensor.GemmDesc).
//
// Variants (registered in aedmae.tensor.cuda.KernelRegistry):
//   gemm_simt            FP32 on the CUDA cores: 64x64 tiles, 4x4 per thread. The exact baseline.
//   gemm_tf32_128x128    tensor cores, mma.sync m16n8k8 TF32 (FP32 accumulation), 8 warps,
//                        warp tile 64x32, register-staged double buffering, BK = 32.
//   gemm_tf32_64x64      the same with 4 warps of 32x32, for products too small to fill the chip
//                        with 128x128 tiles.
//   gemm_bf16_128x128 / gemm_bf16_64x64   BF16 operands (rounded when fragments are built),
//                        mma.sync m16n8k16, FP32 accumulation. Opt-in precision.
//   gemm_splitk_reduce   sums the K slices of a split-K product and applies the epilogue.
//   gemm_tf32_ln128 / gemm_tf32_ln256   TF32 with whole rows per block (n <= 128 or 256) and the
//                        LayerNorm of the result fused into the epilogue.
//
// Operands are strided views: op(A)(i, kk) = A[a_off + b1*a_s1 + b2*a_s2 + i*a_rs + kk*a_cs]
// with exactly one of a_rs, a_cs equal to 1 (GemmDesc's lda and transA); likewise op(B)(kk, j)
// with b_rs, b_cs; C(i, j) = C[c_off + b1*c_s1 + b2*c_s2 + i*ldc + j]. The batch index z runs over
// batch1*batch2 (b1 = z / batch2, b2 = z % batch2), times `splits` K slices when split-K is on.
// Grouped products (q, k and v projections of three different inputs) are a batch over b1 with
// per-operand strides, including the bias (bias_s1).
//
// Epilogue, in this order: v = alpha*acc; + bias[j] (EPI_BIAS); gelu (EPI_GELU);
// + R(i, j) (EPI_RESIDUAL); + beta*C (when beta != 0; C is not read when beta == 0, so an
// unwritten or poisoned C is fine). Reads A, B, bias, R; overwrites or accumulates C per beta.
#include "common.cuh"

#define EPI_BIAS 1
#define EPI_GELU 2
#define EPI_RESIDUAL 4
#define VEC_A 8
#define VEC_B 16
#define SPLIT_PARTIAL 32

struct GemmParams {
    int m, n, k;
    float alpha, beta;
    int batch2;
    int splits;  // K slices per product; the grid's z is batch * splits
    int k_chunk; // K per slice (a multiple of 32 when splits > 1)
    int a_off, a_rs, a_cs, a_s1, a_s2;
    int b_off, b_rs, b_cs, b_s1, b_s2;
    int c_off, ldc, c_s1, c_s2;
    int flags;
    int bias_off;
    int r_off, ldr, r_s1, r_s2;
    int bias_s1; // bias offset per b1 index: grouped q/k/v with their own biases in one launch
};

/** The epilogue for one element (i, j) of product (b1, b2); acc excludes alpha. */
__device__ __forceinline__ void gemm_store(const GemmParams& p, float acc, int i, int j, int b1, int b2,
                                           float* C, const float* bias, const float* R) {
    float v = p.alpha * acc;
    if (p.flags & EPI_BIAS) v += bias[p.bias_off + (long long)b1 * p.bias_s1 + j];
    if (p.flags & EPI_GELU) v = gelu_f(v);
    if (p.flags & EPI_RESIDUAL) v += R[(long long)p.r_off + (long long)b1 * p.r_s1 + (long long)b2 * p.r_s2 + (long long)i * p.ldr + j];
    long long c = (long long)p.c_off + (long long)b1 * p.c_s1 + (long long)b2 * p.c_s2 + (long long)i * p.ldc + j;
    if (p.beta != 0.f) v += p.beta * C[c];
    C[c] = v;
}

/**
 * Writes one accumulator element: the raw partial sum into the split-K workspace
 * [batch, splits, m, n], or the finished value into C.
 */
__device__ __forceinline__ void gemm_emit(const GemmParams& p, float acc, int i, int j, int z, int b1, int b2,
                                          float* C, const float* bias, const float* R) {
    if (i >= p.m || j >= p.n) return;
    if (p.flags & SPLIT_PARTIAL) {
        C[((long long)z * p.m + i) * p.n + j] = acc;
    } else {
        gemm_store(p, acc, i, j, b1, b2, C, bias, R);
    }
}

// ============================================================================ SIMT FP32

#define S_BM 64
#define S_BN 64
#define S_BK 16

/**
 * gemm_simt: 256 threads as 16x16, each computing a 4x4 block of a 64x64 tile of C. Tiles of
 * op(A) and op(B) are staged in shared memory with the M (resp. N) index fastest, so the inner
 * loop reads one float4 of each per k.
 */
extern "C" __global__ void __launch_bounds__(256) gemm_simt(GemmParams p, const float* __restrict__ A,
                                                            const float* __restrict__ B, float* C,
                                                            const float* __restrict__ bias,
                                                            const float* __restrict__ R) {
    __shared__ __align__(16) float As[S_BK][S_BM + 4];
    __shared__ __align__(16) float Bs[S_BK][S_BN + 4];
    int z = blockIdx.z;
    int bi = z / p.splits, slice = z - bi * p.splits;
    int b1 = bi / p.batch2, b2 = bi - b1 * p.batch2;
    int m0 = blockIdx.x * S_BM, n0 = blockIdx.y * S_BN;
    int kb = slice * p.k_chunk, ke = min(p.k, kb + p.k_chunk);
    const float* a = A + p.a_off + (long long)b1 * p.a_s1 + (long long)b2 * p.a_s2;
    const float* b = B + p.b_off + (long long)b1 * p.b_s1 + (long long)b2 * p.b_s2;
    int tid = threadIdx.x, tx = tid & 15, ty = tid >> 4;
    float acc[4][4] = {};
    for (int k0 = kb; k0 < ke; k0 += S_BK) {
#pragma unroll
        for (int r = 0; r < 4; r++) {
            int e = tid + r * 256;
            int mm, kk;
            if (p.a_cs == 1) { kk = e & 15; mm = e >> 4; } else { mm = e & 63; kk = e >> 6; }
            int gi = m0 + mm, gk = k0 + kk;
            As[kk][mm] = (gi < p.m && gk < ke) ? a[(long long)gi * p.a_rs + (long long)gk * p.a_cs] : 0.f;
            int nn, kb2;
            if (p.b_rs == 1) { kb2 = e & 15; nn = e >> 4; } else { nn = e & 63; kb2 = e >> 6; }
            int gj = n0 + nn, gk2 = k0 + kb2;
            Bs[kb2][nn] = (gj < p.n && gk2 < ke) ? b[(long long)gk2 * p.b_rs + (long long)gj * p.b_cs] : 0.f;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < S_BK; kk++) {
            float4 av = *reinterpret_cast<const float4*>(&As[kk][ty * 4]);
            float4 bv = *reinterpret_cast<const float4*>(&Bs[kk][tx * 4]);
            float ar[4] = {av.x, av.y, av.z, av.w}, br[4] = {bv.x, bv.y, bv.z, bv.w};
#pragma unroll
            for (int i = 0; i < 4; i++)
#pragma unroll
                for (int j = 0; j < 4; j++) acc[i][j] = fmaf(ar[i], br[j], acc[i][j]);
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 4; j++) gemm_emit(p, acc[i][j], m0 + ty * 4 + i, n0 + tx * 4 + j, z, b1, b2, C, bias, R);
}

// ============================================================================ tensor cores

#define MMA_BK 32

/**
 * Loads this thread's share of one BM x BK tile of op(A) (or BN x BK of op(B)^T) into registers:
 * V float4 vectors. kmajor: the operand is contiguous along K (rows of ROWS x BK, 8 vectors per
 * row); otherwise contiguous along M/N (BK rows of ROWS/4 vectors). Out-of-range elements are 0.
 * rs, ks: strides of the row index (m or n) and of k; one of them is 1 (which one is kmajor).
 */
template <int ROWS, int THREADS>
__device__ __forceinline__ void tile_load(const float* __restrict__ src, int rs, int ks, bool kmajor, bool vec,
                                          int row0, int rows, int k0, int kend, float4* reg) {
    constexpr int V = ROWS * MMA_BK / 4 / THREADS;
#pragma unroll
    for (int r = 0; r < V; r++) {
        int e = threadIdx.x + r * THREADS;
        float v[4];
        if (kmajor) {
            int row = e >> 3, kk = (e & 7) * 4;
            int gi = row0 + row, gk = k0 + kk;
            const float* ptr = src + (long long)gi * rs + gk;
            if (vec && gi < rows && gk + 3 < kend) {
                float4 t = __ldg(reinterpret_cast<const float4*>(ptr));
                v[0] = t.x; v[1] = t.y; v[2] = t.z; v[3] = t.w;
            } else {
#pragma unroll
                for (int q = 0; q < 4; q++) v[q] = (gi < rows && gk + q < kend) ? __ldg(ptr + q) : 0.f;
            }
        } else {
            int kk = e / (ROWS / 4), row = (e % (ROWS / 4)) * 4;
            int gi = row0 + row, gk = k0 + kk;
            const float* ptr = src + (long long)gk * ks + gi;
            if (vec && gk < kend && gi + 3 < rows) {
                float4 t = __ldg(reinterpret_cast<const float4*>(ptr));
                v[0] = t.x; v[1] = t.y; v[2] = t.z; v[3] = t.w;
            } else {
#pragma unroll
                for (int q = 0; q < 4; q++) v[q] = (gk < kend && gi + q < rows) ? __ldg(ptr + q) : 0.f;
            }
        }
        reg[r] = make_float4(v[0], v[1], v[2], v[3]);
    }
}

/**
 * Stores the registers of tile_load into shared memory laid out [row][k] with row stride SK
 * floats (K fastest, padded so fragment reads are conflict-free). TF32 tiles are rounded here,
 * once per element; BF16 tiles stay FP32 and are rounded when fragments are packed.
 */
template <int ROWS, int THREADS, int SK, bool ROUND_TF32>
__device__ __forceinline__ void tile_store(float* __restrict__ s, bool kmajor, const float4* reg) {
    constexpr int V = ROWS * MMA_BK / 4 / THREADS;
#pragma unroll
    for (int r = 0; r < V; r++) {
        int e = threadIdx.x + r * THREADS;
        float4 t = reg[r];
        if (ROUND_TF32) {
            t.x = __uint_as_float(to_tf32(t.x));
            t.y = __uint_as_float(to_tf32(t.y));
            t.z = __uint_as_float(to_tf32(t.z));
            t.w = __uint_as_float(to_tf32(t.w));
        }
        if (kmajor) {
            int row = e >> 3, kk = (e & 7) * 4;
            *reinterpret_cast<float4*>(s + row * SK + kk) = t;
        } else {
            int kk = e / (ROWS / 4), row = (e % (ROWS / 4)) * 4;
            s[(row + 0) * SK + kk] = t.x;
            s[(row + 1) * SK + kk] = t.y;
            s[(row + 2) * SK + kk] = t.z;
            s[(row + 3) * SK + kk] = t.w;
        }
    }
}

/**
 * The tensor-core GEMM. BM x BN block tile, warps arranged (BM/WM) x (BN/WN), each warp owning a
 * WM x WN tile as (WM/16) x (WN/8) mma tiles. Shared memory (dynamic): two stages of
 * As[BM][SK] and Bs[BN][SK]. While the warps multiply one stage, each thread holds the next
 * K-tile in registers and stores it to the other stage afterwards: one barrier per K-tile.
 */
template <int BM, int BN, int WM, int WN, bool BF16>
__device__ __forceinline__ void gemm_mma_mainloop(const GemmParams& p, const float* __restrict__ A, const float* __restrict__ B,
                                                  float (&acc)[WM / 16][WN / 8][4]) {
    constexpr int THREADS = (BM / WM) * (BN / WN) * 32;
    constexpr int SK = BF16 ? MMA_BK + 8 : MMA_BK + 4;
    constexpr int MT = WM / 16, NT = WN / 8;
    constexpr int VA = BM * MMA_BK / 4 / THREADS, VB = BN * MMA_BK / 4 / THREADS;
    extern __shared__ __align__(16) float smem[];
    float* As0 = smem;
    float* Bs0 = smem + BM * SK;
    constexpr int STAGE = (BM + BN) * SK;

    int z = blockIdx.z;
    int bi = z / p.splits, slice = z - bi * p.splits;
    int b1 = bi / p.batch2, b2 = bi - b1 * p.batch2;
    int m0 = blockIdx.x * BM, n0 = blockIdx.y * BN;
    int kb = slice * p.k_chunk, ke = min(p.k, kb + p.k_chunk);
    const float* a = A + p.a_off + (long long)b1 * p.a_s1 + (long long)b2 * p.a_s2;
    const float* b = B + p.b_off + (long long)b1 * p.b_s1 + (long long)b2 * p.b_s2;
    bool a_kmajor = p.a_cs == 1, b_kmajor = p.b_rs == 1;
    bool va = (p.flags & VEC_A) != 0, vb = (p.flags & VEC_B) != 0;
    // row/k strides of the stored tiles: A by (m, k), B^T by (n, k)
    int a_row = p.a_rs, a_k = p.a_cs, b_row = p.b_cs, b_k = p.b_rs;

    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
    int wm0 = (warp / (BN / WN)) * WM, wn0 = (warp % (BN / WN)) * WN;

#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int j = 0; j < NT; j++)
#pragma unroll
            for (int q = 0; q < 4; q++) acc[i][j][q] = 0.f;

    float4 ra[VA], rb[VB];
    int ktiles = ke > kb ? (ke - kb + MMA_BK - 1) / MMA_BK : 0;
    if (ktiles > 0) {
        tile_load<BM, THREADS>(a, a_row, a_k, a_kmajor, va, m0, p.m, kb, ke, ra);
        tile_load<BN, THREADS>(b, b_row, b_k, b_kmajor, vb, n0, p.n, kb, ke, rb);
        tile_store<BM, THREADS, SK, !BF16>(As0, a_kmajor, ra);
        tile_store<BN, THREADS, SK, !BF16>(Bs0, b_kmajor, rb);
    }
    __syncthreads();
    for (int kt = 0; kt < ktiles; kt++) {
        const float* As = smem + (kt & 1) * STAGE;
        const float* Bs = As + BM * SK;
        bool more = kt + 1 < ktiles;
        if (more) {
            int k1 = kb + (kt + 1) * MMA_BK;
            tile_load<BM, THREADS>(a, a_row, a_k, a_kmajor, va, m0, p.m, k1, ke, ra);
            tile_load<BN, THREADS>(b, b_row, b_k, b_kmajor, vb, n0, p.n, k1, ke, rb);
        }
        if (!BF16) {
#pragma unroll
            for (int ks = 0; ks < MMA_BK / 8; ks++) {
                uint32_t af[MT][4], bf[NT][2];
#pragma unroll
                for (int i = 0; i < MT; i++) {
                    const float* s0 = As + (wm0 + i * 16 + g) * SK + ks * 8 + t;
                    af[i][0] = __float_as_uint(s0[0]);
                    af[i][1] = __float_as_uint(s0[8 * SK]);
                    af[i][2] = __float_as_uint(s0[4]);
                    af[i][3] = __float_as_uint(s0[8 * SK + 4]);
                }
#pragma unroll
                for (int j = 0; j < NT; j++) {
                    const float* s0 = Bs + (wn0 + j * 8 + g) * SK + ks * 8 + t;
                    bf[j][0] = __float_as_uint(s0[0]);
                    bf[j][1] = __float_as_uint(s0[4]);
                }
#pragma unroll
                for (int i = 0; i < MT; i++)
#pragma unroll
                    for (int j = 0; j < NT; j++) mma_tf32_16x8x8(acc[i][j], af[i], bf[j]);
            }
        } else {
#pragma unroll
            for (int ks = 0; ks < MMA_BK / 16; ks++) {
                uint32_t af[MT][4], bf[NT][2];
#pragma unroll
                for (int i = 0; i < MT; i++) {
                    const float* s0 = As + (wm0 + i * 16 + g) * SK + ks * 16 + 2 * t;
                    float2 x0 = *reinterpret_cast<const float2*>(s0);
                    float2 x1 = *reinterpret_cast<const float2*>(s0 + 8 * SK);
                    float2 x2 = *reinterpret_cast<const float2*>(s0 + 8);
                    float2 x3 = *reinterpret_cast<const float2*>(s0 + 8 * SK + 8);
                    af[i][0] = pack_bf16x2(x0.x, x0.y);
                    af[i][1] = pack_bf16x2(x1.x, x1.y);
                    af[i][2] = pack_bf16x2(x2.x, x2.y);
                    af[i][3] = pack_bf16x2(x3.x, x3.y);
                }
#pragma unroll
                for (int j = 0; j < NT; j++) {
                    const float* s0 = Bs + (wn0 + j * 8 + g) * SK + ks * 16 + 2 * t;
                    float2 y0 = *reinterpret_cast<const float2*>(s0);
                    float2 y1 = *reinterpret_cast<const float2*>(s0 + 8);
                    bf[j][0] = pack_bf16x2(y0.x, y0.y);
                    bf[j][1] = pack_bf16x2(y1.x, y1.y);
                }
#pragma unroll
                for (int i = 0; i < MT; i++)
#pragma unroll
                    for (int j = 0; j < NT; j++) mma_bf16_16x8x16(acc[i][j], af[i], bf[j]);
            }
        }
        if (more) {
            float* As1 = smem + ((kt + 1) & 1) * STAGE;
            tile_store<BM, THREADS, SK, !BF16>(As1, a_kmajor, ra);
            tile_store<BN, THREADS, SK, !BF16>(As1 + BM * SK, b_kmajor, rb);
        }
        __syncthreads();
    }
}

/** The generic epilogue: each accumulator through gemm_emit (bias, GELU, residual, beta; or the split-K workspace). */
template <int BM, int BN, int WM, int WN, bool BF16>
__device__ __forceinline__ void gemm_mma(const GemmParams& p, const float* __restrict__ A, const float* __restrict__ B,
                                         float* C, const float* __restrict__ bias, const float* __restrict__ R) {
    constexpr int MT = WM / 16, NT = WN / 8;
    float acc[MT][NT][4];
    gemm_mma_mainloop<BM, BN, WM, WN, BF16>(p, A, B, acc);
    int z = blockIdx.z;
    int bi = z / p.splits;
    int b1 = bi / p.batch2, b2 = bi - b1 * p.batch2;
    int m0 = blockIdx.x * BM, n0 = blockIdx.y * BN;
    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
    int wm0 = (warp / (BN / WN)) * WM, wn0 = (warp % (BN / WN)) * WN;
#pragma unroll
    for (int i = 0; i < MT; i++) {
        int r = m0 + wm0 + i * 16 + g;
#pragma unroll
        for (int j = 0; j < NT; j++) {
            int c = n0 + wn0 + j * 8 + 2 * t;
            gemm_emit(p, acc[i][j][0], r, c, z, b1, b2, C, bias, R);
            gemm_emit(p, acc[i][j][1], r, c + 1, z, b1, b2, C, bias, R);
            gemm_emit(p, acc[i][j][2], r + 8, c, z, b1, b2, C, bias, R);
            gemm_emit(p, acc[i][j][3], r + 8, c + 1, z, b1, b2, C, bias, R);
        }
    }
}

/**
 * The LayerNorm epilogue ("LayerNorm of the result"): the block holds whole rows (one tile along
 * N, n <= BN), so after the generic steps (alpha, bias, GELU, residual, beta) each row's mean and
 * centred variance are reduced across the block and the row is written twice:
 *   C = v                                   the sum itself (the residual stream)
 *   Y = (v - mean) * rstd * w + b           its LayerNorm (w, b nullable), Y[y_off + i*ldy + j]
 *   mean[i], rstd[i]                        nullable (the backward pass needs them)
 * One product only (batch 1, no split-K). Reads A, B, bias, R, w, b; writes C, Y, mean, rstd.
 */
template <int BM, int BN, int WM, int WN>
__device__ __forceinline__ void gemm_mma_ln(const GemmParams& p, const float* __restrict__ A, const float* __restrict__ B,
                                            float* C, const float* __restrict__ bias, const float* __restrict__ R,
                                            const float* __restrict__ lnw, const float* __restrict__ lnb, float* __restrict__ Y,
                                            int y_off, int ldy, float eps, float* __restrict__ mean, float* __restrict__ rstd) {
    constexpr int MT = WM / 16, NT = WN / 8, WARPS_N = BN / WN;
    float acc[MT][NT][4];
    gemm_mma_mainloop<BM, BN, WM, WN, false>(p, A, B, acc); // ends with a barrier: shared memory is free
    extern __shared__ __align__(16) float smem[];
    float* red = smem; // [WARPS_N][BM] row partials
    int m0 = blockIdx.x * BM;
    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
    int wm0 = (warp / WARPS_N) * WM, wn0 = (warp % WARPS_N) * WN, wn = warp % WARPS_N;
    // the generic epilogue in registers; elements outside the product become 0
#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int j = 0; j < NT; j++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                int r = m0 + wm0 + i * 16 + g + (e >> 1) * 8, c = wn0 + j * 8 + 2 * t + (e & 1);
                float v = 0.f;
                if (r < p.m && c < p.n) {
                    v = p.alpha * acc[i][j][e];
                    if (p.flags & EPI_BIAS) v += bias[p.bias_off + c];
                    if (p.flags & EPI_GELU) v = gelu_f(v);
                    if (p.flags & EPI_RESIDUAL) v += R[(long long)p.r_off + (long long)r * p.ldr + c];
                    if (p.beta != 0.f) v += p.beta * C[(long long)p.c_off + (long long)r * p.ldc + c];
                }
                acc[i][j][e] = v;
            }
    // row sums: thread -> quad -> warps along N (shared)
    float mu[MT][2], rs[MT][2];
#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int h = 0; h < 2; h++) {
            float s = 0.f;
#pragma unroll
            for (int j = 0; j < NT; j++) s += acc[i][j][2 * h] + acc[i][j][2 * h + 1];
            s += __shfl_xor_sync(0xffffffffu, s, 1);
            s += __shfl_xor_sync(0xffffffffu, s, 2);
            if (t == 0) red[wn * BM + wm0 + i * 16 + g + 8 * h] = s;
        }
    __syncthreads();
#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int h = 0; h < 2; h++) {
            float s = 0.f;
            for (int w = 0; w < WARPS_N; w++) s += red[w * BM + wm0 + i * 16 + g + 8 * h];
            mu[i][h] = s / p.n;
        }
    __syncthreads(); // red is rewritten below
#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int h = 0; h < 2; h++) {
            float s = 0.f;
#pragma unroll
            for (int j = 0; j < NT; j++)
#pragma unroll
                for (int e = 0; e < 2; e++) {
                    int c = wn0 + j * 8 + 2 * t + e;
                    float d = acc[i][j][2 * h + e] - mu[i][h];
                    if (c < p.n) s += d * d;
                }
            s += __shfl_xor_sync(0xffffffffu, s, 1);
            s += __shfl_xor_sync(0xffffffffu, s, 2);
            if (t == 0) red[wn * BM + wm0 + i * 16 + g + 8 * h] = s;
        }
    __syncthreads();
#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int h = 0; h < 2; h++) {
            float s = 0.f;
            for (int w = 0; w < WARPS_N; w++) s += red[w * BM + wm0 + i * 16 + g + 8 * h];
            rs[i][h] = (float)(1.0 / sqrt((double)s / p.n + eps));
        }
#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int h = 0; h < 2; h++) {
            int r = m0 + wm0 + i * 16 + g + 8 * h;
            if (r >= p.m) continue;
            if (wn == 0 && t == 0) {
                if (mean) mean[r] = mu[i][h];
                if (rstd) rstd[r] = rs[i][h];
            }
#pragma unroll
            for (int j = 0; j < NT; j++)
#pragma unroll
                for (int e = 0; e < 2; e++) {
                    int c = wn0 + j * 8 + 2 * t + e;
                    if (c >= p.n) continue;
                    float v = acc[i][j][2 * h + e];
                    C[(long long)p.c_off + (long long)r * p.ldc + c] = v;
                    float y = (v - mu[i][h]) * rs[i][h];
                    if (lnw) y *= lnw[c];
                    if (lnb) y += lnb[c];
                    Y[(long long)y_off + (long long)r * ldy + c] = y;
                }
        }
}

#define GEMM_LN_KERNEL(NAME, BM, BN)                                                                              \
    extern "C" __global__ void __launch_bounds__(256) NAME(                                                       \
        GemmParams p, const float* __restrict__ A, const float* __restrict__ B, float* C,                          \
        const float* __restrict__ bias, const float* __restrict__ R, const float* __restrict__ lnw,                \
        const float* __restrict__ lnb, float* __restrict__ Y, int y_off, int ldy, float eps,                      \
        float* __restrict__ mean, float* __restrict__ rstd) {                                                      \
        gemm_mma_ln<BM, BN, 32, 32>(p, A, B, C, bias, R, lnw, lnb, Y, y_off, ldy, eps, mean, rstd);               \
    }
// rows of up to 128 (the decoder, dim 128) and up to 256 (the encoder, dim 256); 8 warps each
GEMM_LN_KERNEL(gemm_tf32_ln128, 64, 128)
GEMM_LN_KERNEL(gemm_tf32_ln256, 32, 256)

// Dynamic shared memory per variant (bytes): 2 * (BM + BN) * SK * 4. The Java side reads
// these sizes from KernelRegistry and raises the opt-in limit where they exceed 48 KiB.
extern "C" __global__ void __launch_bounds__(256) gemm_tf32_128x128(GemmParams p, const float* __restrict__ A,
                                                                    const float* __restrict__ B, float* C,
                                                                    const float* __restrict__ bias,
                                                                    const float* __restrict__ R) {
    gemm_mma<128, 128, 64, 32, false>(p, A, B, C, bias, R);
}

extern "C" __global__ void __launch_bounds__(128) gemm_tf32_64x64(GemmParams p, const float* __restrict__ A,
                                                                  const float* __restrict__ B, float* C,
                                                                  const float* __restrict__ bias,
                                                                  const float* __restrict__ R) {
    gemm_mma<64, 64, 32, 32, false>(p, A, B, C, bias, R);
}

extern "C" __global__ void __launch_bounds__(256) gemm_bf16_128x128(GemmParams p, const float* __restrict__ A,
                                                                    const float* __restrict__ B, float* C,
                                                                    const float* __restrict__ bias,
                                                                    const float* __restrict__ R) {
    gemm_mma<128, 128, 64, 32, true>(p, A, B, C, bias, R);
}

extern "C" __global__ void __launch_bounds__(128) gemm_bf16_64x64(GemmParams p, const float* __restrict__ A,
                                                                  const float* __restrict__ B, float* C,
                                                                  const float* __restrict__ bias,
                                                                  const float* __restrict__ R) {
    gemm_mma<64, 64, 32, 32, true>(p, A, B, C, bias, R);
}

/**
 * gemm_splitk_reduce: C(i, j) of product bi = epilogue(sum over slices of W[bi, slice, i, j]),
 * one thread per output element. W is the [batch, splits, m, n] workspace the partial launch
 * wrote (flags had SPLIT_PARTIAL; here they must not). Reads W, bias, R; writes C per beta.
 */
extern "C" __global__ void gemm_splitk_reduce(GemmParams p, int batch, const float* __restrict__ W, float* C,
                                              const float* __restrict__ bias, const float* __restrict__ R) {
    long long mn = (long long)p.m * p.n, total = mn * batch;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        int bi = (int)(f / mn);
        long long e = f - (long long)bi * mn;
        int i = (int)(e / p.n), j = (int)(e - (long long)i * p.n);
        const float* w = W + (long long)bi * p.splits * mn + e;
        float s = 0.f;
        for (int sl = 0; sl < p.splits; sl++) s += w[sl * mn];
        int b1 = bi / p.batch2, b2 = bi - b1 * p.batch2;
        gemm_store(p, s, i, j, b1, b2, C, bias, R);
    }
}
