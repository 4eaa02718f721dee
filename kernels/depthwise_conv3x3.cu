// Depthwise 3x3 convolution, stride 1, zero padding 1, channels-last [N, H, W, C]
// (twin of aedmae.tensor.cpu.DepthwiseConv3x3). Weights [C, 3, 3].
#include "common.cuh"

/**
 * dwconv3x3: y[n,y,x,c] = sum_{ky,kx} w[c,ky,kx] * x[n, y+ky-1, x+kx-1, c] (+ bias[c] when
 * bias != null: the inference path with BatchNorm folded into w and bias). flip != 0 uses
 * the kernel rotated by 180 degrees, which makes the same kernel the input gradient
 * (dx = correlation of dy with the flipped kernel). One thread per element, C fastest.
 * Reads x, w, bias; overwrites y.
 */
extern "C" __global__ void dwconv3x3(int n, int height, int width, int channels, int flip,
                                     const float* __restrict__ x, const float* __restrict__ w,
                                     const float* __restrict__ bias, float* __restrict__ y) {
    long long total = (long long)n * height * width * channels;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        long long pix = f / channels;
        int c = (int)(f - pix * channels);
        int xx = (int)(pix % width);
        long long rowi = pix / width;
        int yy = (int)(rowi % height);
        float acc = 0.f;
#pragma unroll
        for (int ky = 0; ky < 3; ky++) {
            int iy = yy + ky - 1;
            if (iy < 0 || iy >= height) continue;
#pragma unroll
            for (int kx = 0; kx < 3; kx++) {
                int ix = xx + kx - 1;
                if (ix < 0 || ix >= width) continue;
                int tap = flip ? 8 - (ky * 3 + kx) : ky * 3 + kx;
                acc = fmaf(x[f + ((long long)(ky - 1) * width + (kx - 1)) * channels], __ldg(w + c * 9 + tap), acc);
            }
        }
        if (bias) acc += bias[c];
        y[f] = acc;
    }
}

/**
 * dwconv3x3_vec4: as dwconv3x3, four channels per thread with 16-byte loads and stores
 * (needs C % 4 == 0 and 16-byte aligned x and y).
 */
extern "C" __global__ void dwconv3x3_vec4(int n, int height, int width, int channels, int flip,
                                          const float* __restrict__ x, const float* __restrict__ w,
                                          const float* __restrict__ bias, float* __restrict__ y) {
    int c4 = channels >> 2;
    long long total = (long long)n * height * width * c4;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        long long pix = f / c4;
        int c = (int)(f - pix * c4) * 4;
        int xx = (int)(pix % width);
        int yy = (int)((pix / width) % height);
        float4 acc = make_float4(0.f, 0.f, 0.f, 0.f);
#pragma unroll
        for (int ky = 0; ky < 3; ky++) {
            int iy = yy + ky - 1;
            if (iy < 0 || iy >= height) continue;
#pragma unroll
            for (int kx = 0; kx < 3; kx++) {
                int ix = xx + kx - 1;
                if (ix < 0 || ix >= width) continue;
                int tap = flip ? 8 - (ky * 3 + kx) : ky * 3 + kx;
                long long src = (pix + (long long)(ky - 1) * width + (kx - 1)) * channels + c;
                float4 v = *reinterpret_cast<const float4*>(x + src);
                acc.x = fmaf(v.x, __ldg(w + (c + 0) * 9 + tap), acc.x);
                acc.y = fmaf(v.y, __ldg(w + (c + 1) * 9 + tap), acc.y);
                acc.z = fmaf(v.z, __ldg(w + (c + 2) * 9 + tap), acc.z);
                acc.w = fmaf(v.w, __ldg(w + (c + 3) * 9 + tap), acc.w);
            }
        }
        if (bias) {
            acc.x += bias[c]; acc.y += bias[c + 1]; acc.z += bias[c + 2]; acc.w += bias[c + 3];
        }
        *reinterpret_cast<float4*>(y + pix * channels + c) = acc;
    }
}

/**
 * dwconv3x3_dw_partial: partial weight gradients. Block (32, 8): x walks 32 channels, y splits
 * pixels; grid (ceil(C/32), G), block gy covering pixels gy*8 + ty stepping G*8. parts
 * [G, 9, C]: sum over its pixels of dy[pix, c] * x[pix shifted by tap, c]. Overwrites parts.
 */
extern "C" __global__ void dwconv3x3_dw_partial(int n, int height, int width, int channels,
                                                const float* __restrict__ x, const float* __restrict__ dy,
                                                float* __restrict__ parts) {
    __shared__ float red[8][9][33];
    int c = blockIdx.x * 32 + threadIdx.x;
    float acc[9];
#pragma unroll
    for (int t = 0; t < 9; t++) acc[t] = 0.f;
    long long pixels = (long long)n * height * width;
    if (c < channels) {
        for (long long pix = blockIdx.y * 8 + threadIdx.y; pix < pixels; pix += (long long)gridDim.y * 8) {
            int xx = (int)(pix % width);
            int yy = (int)((pix / width) % height);
            float g = dy[pix * channels + c];
#pragma unroll
            for (int ky = 0; ky < 3; ky++) {
                int iy = yy + ky - 1;
                if (iy < 0 || iy >= height) continue;
#pragma unroll
                for (int kx = 0; kx < 3; kx++) {
                    int ix = xx + kx - 1;
                    if (ix < 0 || ix >= width) continue;
                    acc[ky * 3 + kx] = fmaf(g, x[(pix + (long long)(ky - 1) * width + (kx - 1)) * channels + c], acc[ky * 3 + kx]);
                }
            }
        }
    }
#pragma unroll
    for (int t = 0; t < 9; t++) red[threadIdx.y][t][threadIdx.x] = acc[t];
    __syncthreads();
    if (threadIdx.y == 0 && c < channels) {
#pragma unroll
        for (int t = 0; t < 9; t++) {
            float s = 0.f;
            for (int yq = 0; yq < 8; yq++) s += red[yq][t][threadIdx.x];
            parts[((long long)blockIdx.y * 9 + t) * channels + c] = s;
        }
    }
}

/** dwconv3x3_dw_finish: dw[c*9 + t] = sum_g parts[g, t, c]. Overwrites dw [C, 3, 3]. */
extern "C" __global__ void dwconv3x3_dw_finish(int groups, int channels, const float* __restrict__ parts,
                                               float* __restrict__ dw) {
    for (int e = (int)global_thread(); e < 9 * channels; e += (int)grid_threads()) {
        int c = e / 9, t = e - c * 9;
        float s = 0.f;
        for (int g = 0; g < groups; g++) s += parts[((long long)g * 9 + t) * channels + c];
        dw[e] = s;
    }
}
