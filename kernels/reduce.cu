// Reductions over the middle axis of a contiguous [outer, n, inner] block (twin of
// aedmae.tensor.cpu.Reduce). Sums accumulate in double, as the CPU twin's totals do, which keeps
// the parity band independent of n; max/min follow Java's NaN rules.
#include "common.cuh"

#define R_SUM 0
#define R_MAX 1
#define R_MIN 2

__device__ __forceinline__ double r_init(int op) {
    return op == R_SUM ? 0.0 : (op == R_MAX ? -INFINITY : INFINITY);
}

__device__ __forceinline__ double r_combine(int op, double a, double b) {
    if (op == R_SUM) return a + b;
    if (a != a) return a;
    if (b != b) return b;
    return op == R_MAX ? fmax(a, b) : fmin(a, b);
}

__device__ __forceinline__ double warp_reduce_op(int op, double v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = r_combine(op, v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

/**
 * reduce_rows: inner == 1, one block per output row o (grid-stride over rows): out[o] =
 * reduce_j x[o*n + j]. Block size a multiple of 32. Reads x; overwrites out.
 */
extern "C" __global__ void reduce_rows(int op, int outer, int n, const float* __restrict__ x,
                                       float* __restrict__ out) {
    __shared__ double scratch[32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    for (int o = blockIdx.x; o < outer; o += gridDim.x) {
        const float* row = x + (long long)o * n;
        double acc = r_init(op);
        for (int j = threadIdx.x; j < n; j += blockDim.x) acc = r_combine(op, acc, (double)row[j]);
        acc = warp_reduce_op(op, acc);
        __syncthreads();
        if (lane == 0) scratch[warp] = acc;
        __syncthreads();
        if (warp == 0) {
            double t = lane < warps ? scratch[lane] : r_init(op);
            t = warp_reduce_op(op, t);
            if (lane == 0) out[o] = (float)t;
        }
    }
}

/**
 * reduce_strided: inner > 1. Block (32, 8): threadIdx.x walks 32 consecutive i (coalesced),
 * threadIdx.y splits n; blockIdx.x covers inner in tiles of 32, blockIdx.y covers outer
 * (grid-stride). out[o*inner + i] = reduce_j x[(o*n + j)*inner + i]. Reads x; overwrites out.
 */
extern "C" __global__ void reduce_strided(int op, int outer, int n, int inner, const float* __restrict__ x,
                                          float* __restrict__ out) {
    __shared__ double part[8][33];
    int i = blockIdx.x * 32 + threadIdx.x;
    for (int o = blockIdx.y; o < outer; o += gridDim.y) {
        double acc = r_init(op);
        if (i < inner) {
            const float* base = x + (long long)o * n * inner + i;
            for (int j = threadIdx.y; j < n; j += blockDim.y) acc = r_combine(op, acc, (double)base[(long long)j * inner]);
        }
        part[threadIdx.y][threadIdx.x] = acc;
        __syncthreads();
        if (threadIdx.y == 0 && i < inner) {
            double t = part[0][threadIdx.x];
            for (int y = 1; y < blockDim.y; y++) t = r_combine(op, t, part[y][threadIdx.x]);
            out[(long long)o * inner + i] = (float)t;
        }
        __syncthreads();
    }
}

/**
 * argmax: index j of the maximum of x[o, :, i] (first on ties; a NaN wins over numbers, the
 * first NaN over later ones), one thread per (o, i). Overwrites idx[outer*inner] (int32).
 */
extern "C" __global__ void argmax(int outer, int n, int inner, const float* __restrict__ x, int* __restrict__ idx) {
    long long total = (long long)outer * inner;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        long long o = f / inner, i = f - o * inner;
        const float* base = x + o * n * inner + i;
        float bv = base[0];
        int best = 0;
        for (int j = 1; j < n; j++) {
            float v = base[(long long)j * inner];
            if (v > bv || (v != v && bv == bv)) { bv = v; best = j; }
        }
        idx[f] = best;
    }
}
