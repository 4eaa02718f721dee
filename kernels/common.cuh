// Shared device helpers for the aedmae kernels: launch conventions, Java-compatible float
// semantics, warp and block reductions, strided index arithmetic, tensor-core fragments.
//
// Conventions (kept in step with aedmae.tensor.cuda on the Java side):
//  - every entry point is extern "C" so the Java loader finds it by its plain name;
//  - buffers are passed as base pointers plus element offsets; sizes are 32-bit ints (a
//    storage holds at most 2^31-1 floats), products that may exceed that use 64-bit math;
//  - small parameter blocks go by value as structs of 32-bit fields only (ints and floats),
//    so the Java side can build them as int arrays without layout surprises.
#pragma once
#include <stdint.h>
#include <math.h>

#define AED_MAX_RANK 8

// ----------------------------------------------------------------------------- strided layout

/**
 * Shape and up to three stride sets over it (operands of a copy or a binary op), after the
 * host merged contiguous dims. Element f of the row-major iteration space has coordinates
 * idx[k]; operand j is at sum_k idx[k] * stride[j][k].
 */
struct StridedLayout {
    int rank;
    int shape[AED_MAX_RANK];
    int stride[3][AED_MAX_RANK];
};

/** Offsets of flat index f in operands 0..N-1 of layout L. */
template <int N>
__device__ __forceinline__ void strided_offsets(const StridedLayout& L, int f, long long* off) {
#pragma unroll
    for (int j = 0; j < N; j++) off[j] = 0;
    for (int k = L.rank - 1; k >= 0; k--) {
        int s = L.shape[k];
        int q = f / s; // 32-bit division: flat indices stay below 2^31
        int i = f - q * s;
        f = q;
#pragma unroll
        for (int j = 0; j < N; j++) off[j] += (long long)i * L.stride[j][k];
    }
}

// ----------------------------------------------------------------------------- Java float semantics

/** Math.max: NaN if either operand is NaN. */
__device__ __forceinline__ float jmax(float a, float b) {
    return (a != a) ? a : ((b != b) ? b : fmaxf(a, b));
}

/** Math.min: NaN if either operand is NaN. */
__device__ __forceinline__ float jmin(float a, float b) {
    return (a != a) ? a : ((b != b) ? b : fminf(a, b));
}

// ----------------------------------------------------------------------------- reductions

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ double warp_sum_d(double v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = jmax(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

__device__ __forceinline__ float warp_min(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = jmin(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

/**
 * Sum over the whole block (blockDim.x a multiple of 32, at most 1024). Every thread gets the
 * result. scratch: at least 32 doubles of shared memory. Contains __syncthreads: call from all
 * threads.
 */
__device__ __forceinline__ double block_sum_d(double v, double* scratch) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    v = warp_sum_d(v);
    __syncthreads(); // scratch may still be read by a previous call
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    double t = lane < warps ? scratch[lane] : 0.0;
    return warp_sum_d(t);
}

__device__ __forceinline__ float block_sum(float v, float* scratch) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    v = warp_sum(v);
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    float t = lane < warps ? scratch[lane] : 0.f;
    return warp_sum(t);
}

__device__ __forceinline__ float block_max(float v, float* scratch) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    v = warp_max(v);
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    float t = lane < warps ? scratch[lane] : -INFINITY;
    return warp_max(t);
}

// ----------------------------------------------------------------------------- GELU (exact erf form)

__device__ __forceinline__ float gelu_f(float x) {
    return 0.5f * x * (1.f + erff(x * 0.70710678118654752f));
}

__device__ __forceinline__ float gelu_grad_f(float x) {
    float cdf = 0.5f * (1.f + erff(x * 0.70710678118654752f));
    float pdf = 0.39894228040143268f * expf(-0.5f * x * x);
    return cdf + x * pdf;
}

// ----------------------------------------------------------------------------- tensor cores

/** fp32 -> tf32 with round-to-nearest (ties away), the bits kept in a 32-bit register. */
__device__ __forceinline__ uint32_t to_tf32(float x) {
    uint32_t r;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(x));
    return r;
}

/** Two floats packed as bf16x2, lo in the low half (the lower k or column index). */
__device__ __forceinline__ uint32_t pack_bf16x2(float lo, float hi) {
    uint32_t r;
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
}

/**
 * D = A*B + D, m16n8k8, A row-major tf32 (a[4]), B column-major tf32 (b[2]), D fp32 (d[4]).
 * Fragment layout, with g = lane/4 and t = lane%4:
 *   a0 = A[g][t], a1 = A[g+8][t], a2 = A[g][t+4], a3 = A[g+8][t+4]
 *   b0 = B[t][g], b1 = B[t+4][g]
 *   d0 = D[g][2t], d1 = D[g][2t+1], d2 = D[g+8][2t], d3 = D[g+8][2t+1]
 */
__device__ __forceinline__ void mma_tf32_16x8x8(float* d, const uint32_t* a, const uint32_t* b) {
    asm volatile(
        "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 "
        "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

/**
 * D = A*B + D, m16n8k16, A row-major bf16 (a[4] packed pairs), B column-major bf16 (b[2]).
 *   a0 = A[g][2t..2t+1], a1 = A[g+8][2t..2t+1], a2 = A[g][2t+8..2t+9], a3 = A[g+8][2t+8..2t+9]
 *   b0 = B[2t..2t+1][g], b1 = B[2t+8..2t+9][g];   D as for tf32.
 */
__device__ __forceinline__ void mma_bf16_16x8x16(float* d, const uint32_t* a, const uint32_t* b) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
        "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

// ----------------------------------------------------------------------------- misc

__device__ __forceinline__ long long global_thread() {
    return (long long)blockIdx.x * blockDim.x + threadIdx.x;
}

__device__ __forceinline__ long long grid_threads() {
    return (long long)gridDim.x * blockDim.x;
}

__device__ __forceinline__ bool aligned16(const void* p) {
    return ((uintptr_t)p & 15u) == 0;
}
