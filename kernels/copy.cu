// Strided copy (twin of aedmae.tensor.cpu.Copy): dst[i.dstStrides] (=|+=) src[i.srcStrides]
// over every index i of a shape whose contiguous dims the host has merged already.
// A plain contiguous copy goes through cuMemcpyDtoDAsync and a fill through cuMemsetD32Async,
// so the kernels here handle what the copy engines cannot: strides and accumulation.
#include "common.cuh"

/**
 * copy_strided: one thread per element of the merged shape (grid-stride loop).
 * layout.stride[0] = source strides, layout.stride[1] = destination strides.
 * Reads src; overwrites dst, or accumulates into it when accumulate != 0.
 */
extern "C" __global__ void copy_strided(StridedLayout layout, long long n,
                                        const float* __restrict__ src, float* __restrict__ dst,
                                        int accumulate) {
    for (long long f = global_thread(); f < n; f += grid_threads()) {
        long long off[2];
        strided_offsets<2>(layout, (int)f, off);
        float v = src[off[0]];
        dst[off[1]] = accumulate ? dst[off[1]] + v : v;
    }
}

/**
 * copy_add_contiguous: dst[i] += src[i] for n contiguous elements, float4 when both pointers
 * are 16-byte aligned. Reads src; accumulates into dst.
 */
extern "C" __global__ void copy_add_contiguous(long long n, const float* __restrict__ src,
                                               float* __restrict__ dst) {
    if (aligned16(src) && aligned16(dst)) {
        long long n4 = n >> 2;
        const float4* s4 = reinterpret_cast<const float4*>(src);
        float4* d4 = reinterpret_cast<float4*>(dst);
        for (long long i = global_thread(); i < n4; i += grid_threads()) {
            float4 a = s4[i], b = d4[i];
            b.x += a.x; b.y += a.y; b.z += a.z; b.w += a.w;
            d4[i] = b;
        }
        for (long long i = (n4 << 2) + global_thread(); i < n; i += grid_threads()) dst[i] += src[i];
    } else {
        for (long long i = global_thread(); i < n; i += grid_threads()) dst[i] += src[i];
    }
}
