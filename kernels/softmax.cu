// Row softmax and its backward over contiguous [rows, cols] blocks (twin of
// aedmae.tensor.cpu.Softmax).
#include "common.cuh"

/**
 * softmax_online_block: one block per row (grid-stride over rows). One pass computes the
 * running max and the sum of exp(x - max) together (online softmax), a second writes
 * y = exp(x - max) / sum: two reads and one write per element. A fully -inf row gives NaN,
 * as the CPU twin. Reads x; overwrites y (may alias x: a thread reads its elements in pass two
 * before writing them).
 */
extern "C" __global__ void softmax_online_block(int rows, int cols, const float* x, float* y) {
    __shared__ float sm[32];
    __shared__ double sd[32];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* xr = x + (long long)r * cols;
        float* yr = y + (long long)r * cols;
        float m = -INFINITY, s = 0.f;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            float v = xr[j];
            if (v == -INFINITY) continue; // contributes exp(-inf) = 0
            if (v > m) { s *= expf(m - v); m = v; }
            s += expf(v - m);
        }
        float bm = block_max(m, sm);
        if (bm == -INFINITY) bm = 0.f; // fully masked row: keep exp finite (the sum is 0 -> NaN)
        // rescale each thread's partial sum to the block max
        double part = (m == -INFINITY) ? 0.0 : (double)s * expf(m - bm);
        double total = block_sum_d(part, sd);
        float inv = (float)(1.0 / total);
        for (int j = threadIdx.x; j < cols; j += blockDim.x) yr[j] = expf(xr[j] - bm) * inv;
    }
}

/**
 * softmax_warpN: one warp per row, for rows of at most N columns: the row lives in
 * registers, so x is read once. blockDim = (32, rowsPerBlock). Same contract as above.
 */
template <int PER_LANE>
__device__ __forceinline__ void softmax_warp_row(int cols, const float* xr, float* yr) {
    int lane = threadIdx.x;
    float v[PER_LANE];
    float m = -INFINITY;
#pragma unroll
    for (int k = 0; k < PER_LANE; k++) {
        int j = lane + 32 * k;
        v[k] = j < cols ? xr[j] : -INFINITY;
        m = fmaxf(m, v[k]);
    }
    m = warp_max(m);
    if (m == -INFINITY) m = 0.f;
    float s = 0.f;
#pragma unroll
    for (int k = 0; k < PER_LANE; k++) {
        v[k] = expf(v[k] - m);
        s += v[k];
    }
    s = warp_sum(s);
    float inv = 1.f / s;
#pragma unroll
    for (int k = 0; k < PER_LANE; k++) {
        int j = lane + 32 * k;
        if (j < cols) yr[j] = v[k] * inv;
    }
}

#define SOFTMAX_WARP_KERNEL(NAME, PER)                                                                  \
    extern "C" __global__ void NAME(int rows, int cols, const float* x, float* y) {                      \
        for (int r = blockIdx.x * blockDim.y + threadIdx.y; r < rows; r += gridDim.x * blockDim.y)       \
            softmax_warp_row<PER>(cols, x + (long long)r * cols, y + (long long)r * cols);                \
    }
SOFTMAX_WARP_KERNEL(softmax_warp128, 4)
SOFTMAX_WARP_KERNEL(softmax_warp256, 8)
SOFTMAX_WARP_KERNEL(softmax_warp512, 16)
SOFTMAX_WARP_KERNEL(softmax_warp1024, 32)

/**
 * softmax_backward: dx = y * (dy - sum(dy * y)) per row; one block per row. Reads y, dy;
 * overwrites dx (may alias dy).
 */
extern "C" __global__ void softmax_backward(int rows, int cols, const float* y, const float* dy, float* dx) {
    __shared__ double sd[32];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* yr = y + (long long)r * cols;
        const float* gr = dy + (long long)r * cols;
        float* dr = dx + (long long)r * cols;
        double acc = 0.0;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) acc += (double)yr[j] * gr[j];
        float dot = (float)block_sum_d(acc, sd);
        for (int j = threadIdx.x; j < cols; j += blockDim.x) dr[j] = yr[j] * (gr[j] - dot);
    }
}
