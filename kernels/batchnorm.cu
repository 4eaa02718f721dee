// BatchNorm over a contiguous [outer, C, inner] block (twin of aedmae.tensor.cpu.BatchNorm).
// Channel sums are split over blocks into partials [G, 2, C] (double), then finished by one
// thread per channel: deterministic, no atomics.
#include "common.cuh"

#define BN_SUM_X 0      // s0 = sum x
#define BN_SUM_SQ 1     // s1 = sum (x - centre)^2
#define BN_SUM_GRAD 2   // s0 = sum dy, s1 = sum dy * (x - centre)

__device__ __forceinline__ void bn_accumulate(int mode, float xv, float gv, float c, double& s0, double& s1) {
    if (mode == BN_SUM_X) {
        s0 += xv;
    } else if (mode == BN_SUM_SQ) {
        float d = xv - c;
        s1 += (double)d * d;
    } else {
        s0 += gv;
        s1 += (double)gv * (xv - c);
    }
}

/**
 * bn_sums_rows: inner == 1 (channels-last rows of C). Block (32, 8): x walks 32 channels,
 * y splits rows; grid (ceil(C/32), G). Block gy covers rows gy*8 + ty, stepping G*8.
 * Writes parts[gy][0..1][c] (doubles). dy and centre may be null when the mode ignores them.
 */
extern "C" __global__ void bn_sums_rows(int mode, int outer, int channels, const float* __restrict__ x,
                                        const float* __restrict__ dy, const float* __restrict__ centre,
                                        double* __restrict__ parts) {
    __shared__ double p0[8][33], p1[8][33];
    int c = blockIdx.x * 32 + threadIdx.x;
    double s0 = 0.0, s1 = 0.0;
    if (c < channels) {
        float cv = centre ? centre[c] : 0.f;
        for (int o = blockIdx.y * 8 + threadIdx.y; o < outer; o += gridDim.y * 8) {
            long long e = (long long)o * channels + c;
            bn_accumulate(mode, x[e], dy ? dy[e] : 0.f, cv, s0, s1);
        }
    }
    p0[threadIdx.y][threadIdx.x] = s0;
    p1[threadIdx.y][threadIdx.x] = s1;
    __syncthreads();
    if (threadIdx.y == 0 && c < channels) {
        for (int y = 1; y < 8; y++) { s0 += p0[y][threadIdx.x]; s1 += p1[y][threadIdx.x]; }
        parts[((long long)blockIdx.y * 2) * channels + c] = s0;
        parts[((long long)blockIdx.y * 2 + 1) * channels + c] = s1;
    }
}

/**
 * bn_sums_planes: inner > 1 (NCHW planes). One block per (channel, split): grid (C, G); the
 * block walks planes o = gy, gy+G, ... and threads walk the plane's inner elements.
 * Writes parts[gy][0..1][c].
 */
extern "C" __global__ void bn_sums_planes(int mode, int outer, int channels, int inner, const float* __restrict__ x,
                                          const float* __restrict__ dy, const float* __restrict__ centre,
                                          double* __restrict__ parts) {
    __shared__ double sd[32];
    int c = blockIdx.x;
    float cv = centre ? centre[c] : 0.f;
    double s0 = 0.0, s1 = 0.0;
    for (int o = blockIdx.y; o < outer; o += gridDim.y) {
        long long base = ((long long)o * channels + c) * inner;
        for (int i = threadIdx.x; i < inner; i += blockDim.x)
            bn_accumulate(mode, x[base + i], dy ? dy[base + i] : 0.f, cv, s0, s1);
    }
    s0 = block_sum_d(s0, sd);
    s1 = block_sum_d(s1, sd);
    if (threadIdx.x == 0) {
        parts[((long long)blockIdx.y * 2) * channels + c] = s0;
        parts[((long long)blockIdx.y * 2 + 1) * channels + c] = s1;
    }
}

/**
 * bn_finish_stats: out[c] = (sum over the G partials of parts[g][which][c]) / count.
 * which = 0 gives the mean, 1 the biased variance. Overwrites out.
 */
extern "C" __global__ void bn_finish_stats(int groups, int channels, int which, double count,
                                           const double* __restrict__ parts, float* __restrict__ out) {
    for (int c = (int)global_thread(); c < channels; c += (int)grid_threads()) {
        double s = 0.0;
        for (int g = 0; g < groups; g++) s += parts[((long long)g * 2 + which) * channels + c];
        out[c] = (float)(s / count);
    }
}

/**
 * bn_forward: y = x * scale[c] + shift[c] with scale = w / sqrt(var + eps), shift =
 * b - mean * scale (w, b nullable), one thread per element. Reads x, mean, var, w, b;
 * overwrites y (may alias x).
 */
extern "C" __global__ void bn_forward(long long n, int channels, int inner, float eps, const float* x,
                                      const float* __restrict__ mean, const float* __restrict__ var,
                                      const float* __restrict__ w, const float* __restrict__ b, float* y) {
    for (long long f = global_thread(); f < n; f += grid_threads()) {
        int c = ((int)f / inner) % channels; // flat indices stay below 2^31
        float inv = (float)(1.0 / sqrt((double)(var[c] + eps)));
        float scale = inv * (w ? w[c] : 1.f);
        float shift = (b ? b[c] : 0.f) - mean[c] * scale;
        y[f] = x[f] * scale + shift;
    }
}

/**
 * bn_finish_backward: from parts (mode BN_SUM_GRAD, centred on mean): dw[c] = sum dy*xhat,
 * db[c] = sum dy (each nullable), and the coefficients of dx = a*dy + bc*(x - mean) + cc into
 * coef[3][C]. batchStats != 0: the gradient flows through the batch statistics.
 */
extern "C" __global__ void bn_finish_backward(int groups, int channels, double count, float eps, int batchStats,
                                              const double* __restrict__ parts, const float* __restrict__ var,
                                              const float* __restrict__ w, float* __restrict__ dw,
                                              float* __restrict__ db, float* __restrict__ coef) {
    for (int c = (int)global_thread(); c < channels; c += (int)grid_threads()) {
        double sumDy = 0.0, sumDyXc = 0.0;
        for (int g = 0; g < groups; g++) {
            sumDy += parts[((long long)g * 2) * channels + c];
            sumDyXc += parts[((long long)g * 2 + 1) * channels + c];
        }
        float invstd = (float)(1.0 / sqrt((double)(var[c] + eps)));
        float wc = w ? w[c] : 1.f;
        double sumDyXhat = sumDyXc * invstd;
        if (dw) dw[c] = (float)sumDyXhat;
        if (db) db[c] = (float)sumDy;
        coef[c] = wc * invstd;
        coef[channels + c] = batchStats ? (float)(-(double)wc * invstd * invstd * sumDyXhat / count) : 0.f;
        coef[2 * channels + c] = batchStats ? (float)(-(double)wc * invstd * sumDy / count) : 0.f;
    }
}

/** bn_backward_dx: dx = a[c]*dy + bc[c]*(x - mean[c]) + cc[c]. Reads x, dy, mean, coef; overwrites dx. */
extern "C" __global__ void bn_backward_dx(long long n, int channels, int inner, const float* __restrict__ x,
                                          const float* __restrict__ dy, const float* __restrict__ mean,
                                          const float* __restrict__ coef, float* __restrict__ dx) {
    for (long long f = global_thread(); f < n; f += grid_threads()) {
        int c = ((int)f / inner) % channels; // flat indices stay below 2^31
        dx[f] = coef[c] * dy[f] + coef[channels + c] * (x[f] - mean[c]) + coef[2 * channels + c];
    }
}
