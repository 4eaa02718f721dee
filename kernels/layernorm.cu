// LayerNorm over the last axis of [rows, cols], forward and backward (twin of
// aedmae.tensor.cpu.LayerNorm). Two passes (mean, then centred variance), as the CPU twin.
#include "common.cuh"

/**
 * layernorm_warpN: one warp per row with the row in registers (cols <= 32 * PER), so x is read
 * once. blockDim = (32, rowsPerBlock). y = (x - mean) * rstd * w + b, w and b nullable.
 * Reads x, w, b; overwrites y, mean[rows], rstd[rows].
 */
template <int PER>
__device__ __forceinline__ void layernorm_warp_row(int r, int cols, float eps, const float* __restrict__ x,
                                                   const float* __restrict__ w, const float* __restrict__ b,
                                                   float* __restrict__ y, float* __restrict__ mean,
                                                   float* __restrict__ rstd) {
    int lane = threadIdx.x;
    const float* xr = x + (long long)r * cols;
    float v[PER];
    float s = 0.f;
#pragma unroll
    for (int k = 0; k < PER; k++) {
        int j = lane + 32 * k;
        v[k] = j < cols ? xr[j] : 0.f;
        s += v[k];
    }
    float m = warp_sum(s) / cols;
    float q = 0.f;
#pragma unroll
    for (int k = 0; k < PER; k++) {
        int j = lane + 32 * k;
        float d = j < cols ? v[k] - m : 0.f;
        q += d * d;
    }
    q = warp_sum(q);
    float rs = (float)(1.0 / sqrt((double)q / cols + eps));
    if (lane == 0) {
        mean[r] = m;
        rstd[r] = rs;
    }
    float* yr = y + (long long)r * cols;
#pragma unroll
    for (int k = 0; k < PER; k++) {
        int j = lane + 32 * k;
        if (j < cols) {
            float t = (v[k] - m) * rs;
            if (w) t *= w[j];
            if (b) t += b[j];
            yr[j] = t;
        }
    }
}

// One entry point per register budget, so short rows do not pay for the longest case.
#define LN_WARP_KERNEL(NAME, PER)                                                                  \
    extern "C" __global__ void NAME(int rows, int cols, float eps, const float* __restrict__ x,       \
                                    const float* __restrict__ w, const float* __restrict__ b,         \
                                    float* __restrict__ y, float* __restrict__ mean,                  \
                                    float* __restrict__ rstd) {                                       \
        for (int r = blockIdx.x * blockDim.y + threadIdx.y; r < rows; r += gridDim.x * blockDim.y)  \
            layernorm_warp_row<PER>(r, cols, eps, x, w, b, y, mean, rstd);                           \
    }
LN_WARP_KERNEL(layernorm_warp128, 4)
LN_WARP_KERNEL(layernorm_warp256, 8)
LN_WARP_KERNEL(layernorm_warp512, 16)
LN_WARP_KERNEL(layernorm_warp1024, 32)

/**
 * layernorm_block: one block per row for any cols (three passes over the row in global memory,
 * the later ones from L1/L2). Same contract as layernorm_warp.
 */
extern "C" __global__ void layernorm_block(int rows, int cols, float eps, const float* __restrict__ x,
                                           const float* __restrict__ w, const float* __restrict__ b,
                                           float* __restrict__ y, float* __restrict__ mean,
                                           float* __restrict__ rstd) {
    __shared__ double sd[32];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* xr = x + (long long)r * cols;
        double s = 0.0;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) s += xr[j];
        float m = (float)(block_sum_d(s, sd) / cols);
        double q = 0.0;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            float d = xr[j] - m;
            q += (double)d * d;
        }
        float rs = (float)(1.0 / sqrt(block_sum_d(q, sd) / cols + eps));
        if (threadIdx.x == 0) {
            mean[r] = m;
            rstd[r] = rs;
        }
        float* yr = y + (long long)r * cols;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            float t = (xr[j] - m) * rs;
            if (w) t *= w[j];
            if (b) t += b[j];
            yr[j] = t;
        }
    }
}

#define LN_BWD_PER 8

/**
 * layernorm_backward: one block per row (grid-stride over rows). With xhat = (x - mean) * rstd
 * and g = dy * w: dx = rstd * (g - mean(g) - xhat * mean(g * xhat)). The block also sums
 * dy * xhat and dy over its rows, per column, into its own row of parts [gridDim.x, 2, cols]
 * (registers while cols <= LN_BWD_PER * blockDim.x, else read-modify-write in parts).
 * Reads x, w, mean, rstd, dy; overwrites dx and parts (reduced by layernorm_backward_params).
 */
extern "C" __global__ void layernorm_backward(int rows, int cols, const float* __restrict__ x,
                                              const float* __restrict__ w, const float* __restrict__ mean,
                                              const float* __restrict__ rstd, const float* __restrict__ dy,
                                              float* __restrict__ dx, float* __restrict__ parts) {
    __shared__ double sd[32];
    bool inRegs = cols <= LN_BWD_PER * (int)blockDim.x;
    float pw[LN_BWD_PER], pb[LN_BWD_PER];
#pragma unroll
    for (int q = 0; q < LN_BWD_PER; q++) { pw[q] = 0.f; pb[q] = 0.f; }
    float* pdw = parts + (long long)blockIdx.x * 2 * cols;
    float* pdb = pdw + cols;
    if (!inRegs)
        for (int j = threadIdx.x; j < cols; j += blockDim.x) { pdw[j] = 0.f; pdb[j] = 0.f; }
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* xr = x + (long long)r * cols;
        const float* gr = dy + (long long)r * cols;
        float m = mean[r], rs = rstd[r];
        double sg = 0.0, sgx = 0.0;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            float xhat = (xr[j] - m) * rs;
            float g = gr[j] * (w ? w[j] : 1.f);
            sg += g;
            sgx += (double)g * xhat;
        }
        float mg = (float)(block_sum_d(sg, sd) / cols);
        float mgx = (float)(block_sum_d(sgx, sd) / cols);
        float* dr = dx + (long long)r * cols;
        int q = 0;
        for (int j = threadIdx.x; j < cols; j += blockDim.x, q++) {
            float xhat = (xr[j] - m) * rs;
            float d = gr[j];
            float g = d * (w ? w[j] : 1.f);
            dr[j] = rs * (g - mg - xhat * mgx);
            if (inRegs) {
#pragma unroll
                for (int u = 0; u < LN_BWD_PER; u++)
                    if (u == q) { pw[u] += d * xhat; pb[u] += d; }
            } else {
                pdw[j] += d * xhat;
                pdb[j] += d;
            }
        }
    }
    if (inRegs) {
        int q = 0;
        for (int j = threadIdx.x; j < cols; j += blockDim.x, q++) {
#pragma unroll
            for (int u = 0; u < LN_BWD_PER; u++)
                if (u == q) { pdw[j] = pw[u]; pdb[j] = pb[u]; }
        }
    }
}

/**
 * layernorm_backward_params: dw[j] = sum_p parts[p, 0, j], db[j] = sum_p parts[p, 1, j] over the
 * nparts block partials (either output nullable). One thread per column. Overwrites dw, db.
 */
extern "C" __global__ void layernorm_backward_params(int nparts, int cols, const float* __restrict__ parts,
                                                     float* __restrict__ dw, float* __restrict__ db) {
    for (int j = (int)global_thread(); j < cols; j += (int)grid_threads()) {
        double sw = 0.0, sb = 0.0;
        for (int p = 0; p < nparts; p++) {
            sw += parts[(long long)p * 2 * cols + j];
            sb += parts[(long long)p * 2 * cols + cols + j];
        }
        if (dw) dw[j] = (float)sw;
        if (db) db[j] = (float)sb;
    }
}
