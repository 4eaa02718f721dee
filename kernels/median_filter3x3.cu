// 3x3 median filter with replicated borders (twin of aedmae.tensor.cpu.MedianFilter3x3) and the
// motion gradient built on it: |median(a) - median(b)| (paper Sec. 3).
#include "common.cuh"

// compare-exchange as the CPU twin: swap when v[a] > v[b]
#define CX(a, b) { float lo_ = v[a] > v[b] ? v[b] : v[a]; float hi_ = v[a] > v[b] ? v[a] : v[b]; v[a] = lo_; v[b] = hi_; }

/** Median of the 3x3 neighbourhood of (yy, xx) in plane p (replicated borders). */
__device__ __forceinline__ float median3x3_at(const float* __restrict__ p, int height, int width, int yy, int xx) {
    int y0 = max(yy - 1, 0), y2 = min(yy + 1, height - 1);
    int x0 = max(xx - 1, 0), x2 = min(xx + 1, width - 1);
    const float* r0 = p + (long long)y0 * width;
    const float* r1 = p + (long long)yy * width;
    const float* r2 = p + (long long)y2 * width;
    float v[9] = {r0[x0], r0[xx], r0[x2], r1[x0], r1[xx], r1[x2], r2[x0], r2[xx], r2[x2]};
    // the classic 19 compare-exchange network (same order as the CPU twin)
    CX(1, 2) CX(4, 5) CX(7, 8)
    CX(0, 1) CX(3, 4) CX(6, 7)
    CX(1, 2) CX(4, 5) CX(7, 8)
    CX(0, 3) CX(5, 8) CX(4, 7)
    CX(3, 6) CX(1, 4) CX(2, 5)
    CX(4, 7) CX(4, 2) CX(6, 4)
    CX(4, 2)
    return v[4];
}

/** median3x3: y = 3x3 median of planes [P, H, W]. One thread per pixel. Reads x; overwrites y. */
extern "C" __global__ void median3x3(int planes, int height, int width, const float* __restrict__ x,
                                     float* __restrict__ y) {
    long long plane = (long long)height * width, total = plane * planes;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        long long p = f / plane;
        int r = (int)(f - p * plane);
        int yy = r / width, xx = r - yy * width;
        y[f] = median3x3_at(x + p * plane, height, width, yy, xx);
    }
}

/**
 * median3x3_absdiff: the motion gradient, out = |median3x3(a) - median3x3(b)| per plane
 * (a = frame t+1, b = frame t-1, planes = samples x 3 channels). Reads a, b; overwrites out.
 */
extern "C" __global__ void median3x3_absdiff(int planes, int height, int width, const float* __restrict__ a,
                                             const float* __restrict__ b, float* __restrict__ out) {
    long long plane = (long long)height * width, total = plane * planes;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        long long p = f / plane;
        int r = (int)(f - p * plane);
        int yy = r / width, xx = r - yy * width;
        out[f] = fabsf(median3x3_at(a + p * plane, height, width, yy, xx) - median3x3_at(b + p * plane, height, width, yy, xx));
    }
}
