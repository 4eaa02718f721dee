// Max and average pooling over planes [P, H, W] (twin of aedmae.tensor.cpu.Pool2d).
#include "common.cuh"

struct PoolGeom {
    int planes, height, width, kh, kw, sh, sw, ph, pw, out_h, out_w;
};

/**
 * maxpool2d: y = max over each window (padding counts as -inf; a NaN wins), argmax = the
 * window-local index ky*kw + kx of the maximum as a float (nullable). One thread per output.
 * Reads x; overwrites y, argmax.
 */
extern "C" __global__ void maxpool2d(PoolGeom g, const float* __restrict__ x, float* __restrict__ y,
                                     float* __restrict__ argmax) {
    long long total = (long long)g.planes * g.out_h * g.out_w;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        int ox = (int)(f % g.out_w);
        int oy = (int)((f / g.out_w) % g.out_h);
        long long p = f / ((long long)g.out_w * g.out_h);
        const float* xb = x + p * g.height * g.width;
        float best = -INFINITY;
        int bi = 0;
        for (int ky = 0; ky < g.kh; ky++) {
            int iy = oy * g.sh - g.ph + ky;
            if (iy < 0 || iy >= g.height) continue;
            for (int kx = 0; kx < g.kw; kx++) {
                int ix = ox * g.sw - g.pw + kx;
                if (ix < 0 || ix >= g.width) continue;
                float v = xb[iy * g.width + ix];
                if (v > best || v != v) { best = v; bi = ky * g.kw + kx; }
            }
        }
        y[f] = best;
        if (argmax) argmax[f] = (float)bi;
    }
}

/**
 * maxpool2d_backward: dx at each window's argmax += dy. Overlapping windows may hit the same
 * pixel, hence atomicAdd. Reads dy, argmax; accumulates dx.
 */
extern "C" __global__ void maxpool2d_backward(PoolGeom g, const float* __restrict__ dy,
                                              const float* __restrict__ argmax, float* dx) {
    long long total = (long long)g.planes * g.out_h * g.out_w;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        int ox = (int)(f % g.out_w);
        int oy = (int)((f / g.out_w) % g.out_h);
        long long p = f / ((long long)g.out_w * g.out_h);
        int k = (int)argmax[f];
        int iy = oy * g.sh - g.ph + k / g.kw, ix = ox * g.sw - g.pw + k % g.kw;
        if (iy >= 0 && iy < g.height && ix >= 0 && ix < g.width)
            atomicAdd(dx + p * g.height * g.width + iy * g.width + ix, dy[f]);
    }
}

/** avgpool2d: y = sum over the window / (kh*kw) (padding counted). Reads x; overwrites y. */
extern "C" __global__ void avgpool2d(PoolGeom g, const float* __restrict__ x, float* __restrict__ y) {
    float inv = 1.f / (g.kh * g.kw);
    long long total = (long long)g.planes * g.out_h * g.out_w;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        int ox = (int)(f % g.out_w);
        int oy = (int)((f / g.out_w) % g.out_h);
        long long p = f / ((long long)g.out_w * g.out_h);
        const float* xb = x + p * g.height * g.width;
        float acc = 0.f;
        for (int ky = 0; ky < g.kh; ky++) {
            int iy = oy * g.sh - g.ph + ky;
            if (iy < 0 || iy >= g.height) continue;
            for (int kx = 0; kx < g.kw; kx++) {
                int ix = ox * g.sw - g.pw + kx;
                if (ix >= 0 && ix < g.width) acc += xb[iy * g.width + ix];
            }
        }
        y[f] = acc * inv;
    }
}

/**
 * avgpool2d_backward: per input pixel, the sum of dy/(kh*kw) over the windows that contain it
 * (a gather, no atomics). Reads dy; accumulates dx.
 */
extern "C" __global__ void avgpool2d_backward(PoolGeom g, const float* __restrict__ dy, float* __restrict__ dx) {
    float inv = 1.f / (g.kh * g.kw);
    long long total = (long long)g.planes * g.height * g.width;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        int ix = (int)(f % g.width);
        int iy = (int)((f / g.width) % g.height);
        long long p = f / ((long long)g.width * g.height);
        const float* gb = dy + p * g.out_h * g.out_w;
        float s = 0.f;
        for (int ky = 0; ky < g.kh; ky++) {
            int ty = iy + g.ph - ky;
            if (ty < 0 || ty % g.sh != 0) continue;
            int oy = ty / g.sh;
            if (oy >= g.out_h) continue;
            for (int kx = 0; kx < g.kw; kx++) {
                int tx = ix + g.pw - kx;
                if (tx < 0 || tx % g.sw != 0) continue;
                int ox = tx / g.sw;
                if (ox >= g.out_w) continue;
                s += gb[oy * g.out_w + ox] * inv;
            }
        }
        dx[f] += s;
    }
}
