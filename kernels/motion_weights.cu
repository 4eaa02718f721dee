// Token weights of the motion-weighted loss (twin of aedmae.tensor.cpu.MotionWeights), paper
// Eq. 1-2 with the anomaly map added (Sec. 3), and the weighted reconstruction error (Eq. 3)
// fused with its gradient.
#include "common.cuh"

/**
 * motion_weights: one block per sample b (grid-stride over samples).
 *   boost   = max(floor, max(0, max of gradient[b]))           (only with an anomaly map)
 *   m[b, i] = (1/3) sum_c max over token i's p x p pixels of gradient[b, c] + map[b] * boost
 *   w[b, i] = m[b, i] / sum_j m[b, j], or 1/L when the sum is 0.
 * gradient [B, 3, H, W]; map [B, 1, H, W] or null; weights [B, L]. Overwrites weights.
 */
extern "C" __global__ void motion_weights(int batch, int height, int width, int patch, float floor_,
                                          const float* __restrict__ gradient, const float* __restrict__ map,
                                          float* __restrict__ weights) {
    __shared__ float sm[32];
    __shared__ double sd[32];
    int hp = height / patch, wp = width / patch, l = hp * wp;
    long long plane = (long long)height * width;
    for (int b = blockIdx.x; b < batch; b += gridDim.x) {
        const float* g0 = gradient + (long long)b * 3 * plane;
        float boost = 0.f;
        if (map) {
            float mx = 0.f;
            for (long long i = threadIdx.x; i < 3 * plane; i += blockDim.x) mx = jmax(mx, g0[i]);
            boost = jmax(floor_, block_max(mx, sm));
        }
        const float* a0 = map ? map + (long long)b * plane : nullptr;
        float* w0 = weights + (long long)b * l;
        double total = 0.0;
        for (int i = threadIdx.x; i < l; i += blockDim.x) {
            int ty = i / wp, tx = i - ty * wp;
            float m = 0.f;
            for (int c = 0; c < 3; c++) {
                float cmax = -INFINITY;
                for (int py = 0; py < patch; py++) {
                    long long row = (long long)(ty * patch + py) * width + tx * patch;
                    for (int px = 0; px < patch; px++) {
                        float v = g0[c * plane + row + px];
                        if (a0) v += a0[row + px] * boost;
                        cmax = jmax(cmax, v);
                    }
                }
                m += cmax;
            }
            m /= 3.f;
            w0[i] = m;
            total += m;
        }
        total = block_sum_d(total, sd);
        float inv = total > 0 ? (float)(1.0 / total) : 0.f;
        for (int i = threadIdx.x; i < l; i += blockDim.x) w0[i] = total > 0 ? w0[i] * inv : 1.f / l;
        __syncthreads(); // sm/sd are reused by the next sample
    }
}

/**
 * weighted_mse: per token, e[b, i] = w[b, i] * mean over its P values of (pred - target)^2
 * (Eq. 3 before the sum), written to token_loss [B, L]; when dpred != null also
 * dpred = grad_scale * w[b, i] * 2 (pred - target) / P. One warp per token.
 * pred, target [B, L, P] (target may have a row stride different from P: ldt).
 * Reads pred, target, weights; overwrites token_loss and dpred.
 */
extern "C" __global__ void weighted_mse(int tokens_total, int p, int ldt, float grad_scale, const float* __restrict__ pred,
                                        const float* __restrict__ target, const float* __restrict__ weights,
                                        float* __restrict__ token_loss, float* __restrict__ dpred) {
    int lane = threadIdx.x & 31;
    int warps = (blockDim.x >> 5) * gridDim.x;
    for (int t = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5); t < tokens_total; t += warps) {
        const float* pr = pred + (long long)t * p;
        const float* tr = target + (long long)t * ldt;
        float w = weights[t];
        float s = 0.f;
        for (int j = lane; j < p; j += 32) {
            float d = pr[j] - tr[j];
            s += d * d;
            if (dpred) dpred[(long long)t * p + j] = grad_scale * w * 2.f * d / p;
        }
        s = warp_sum(s);
        if (lane == 0) token_loss[t] = w * s / p;
    }
}
