// One AdamW step (twin of aedmae.tensor.cpu.AdamW; see Backend#adamw).
#include "common.cuh"

/**
 * adamw: p = p*decay - lr * (m/bc1) / (sqrt(v)/sqrt(bc2) + eps) after m = b1*m + (1-b1)*g,
 * v = b2*v + (1-b2)*g^2, with decay = 1 - lr*wd, invBc1 = 1/bc1, invSqrtBc2 = 1/sqrt(bc2)
 * computed on the host as the CPU twin does. Reads g; modifies p, m, v.
 */
extern "C" __global__ void adamw(long long n, float lr, float beta1, float beta2, float eps, float decay,
                                 float inv_bc1, float inv_sqrt_bc2, float* __restrict__ p,
                                 const float* __restrict__ g, float* __restrict__ m, float* __restrict__ v) {
    for (long long i = global_thread(); i < n; i += grid_threads()) {
        float gi = g[i];
        float mi = beta1 * m[i] + (1.f - beta1) * gi;
        float vi = beta2 * v[i] + (1.f - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        float denom = sqrtf(vi) * inv_sqrt_bc2 + eps;
        p[i] = p[i] * decay - lr * (mi * inv_bc1) / denom;
    }
}
