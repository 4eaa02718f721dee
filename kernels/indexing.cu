// gather, scatter, index_select and index_add (twin of aedmae.tensor.cpu.Indexing), and the
// masking kernels of the MAE: gather of kept tokens, unshuffle with mask tokens.
// Index arrays are int32 on the device (uploaded through the backend's index cache).
#include "common.cuh"

/** Offset in an operand of index f of shape layout.shape, with coordinate `dim` replaced by v. */
__device__ __forceinline__ long long replaced_offset(const StridedLayout& L, int f, int dim, int v) {
    long long off = 0;
    for (int k = L.rank - 1; k >= 0; k--) {
        int s = L.shape[k];
        int q = f / s;
        int i = f - q * s;
        f = q;
        off += (long long)(k == dim ? v : i) * L.stride[0][k];
    }
    return off;
}

/**
 * gather: out[f] = x[f with coordinate dim replaced by index[f]] for every index f of
 * layout.shape (the index shape); layout.stride[0] = x strides. Reads x, index; overwrites out.
 */
extern "C" __global__ void gather(StridedLayout layout, int n, int dim, const int* __restrict__ index,
                                  const float* __restrict__ x, float* __restrict__ out) {
    for (int f = (int)global_thread(); f < n; f += (int)grid_threads())
        out[f] = x[replaced_offset(layout, f, dim, index[f])];
}

/**
 * scatter: out[f with coordinate dim replaced by index[f]] (=|+=) src[f]; layout.stride[0] =
 * out strides. Accumulation uses atomicAdd (repeated indices add up); plain overwrite with
 * repeated indices keeps an unspecified one of the values (the CPU twin keeps the last).
 * Reads src, index; overwrites or accumulates out.
 */
extern "C" __global__ void scatter(StridedLayout layout, int n, int dim, int accumulate,
                                   const int* __restrict__ index, const float* __restrict__ src, float* out) {
    for (int f = (int)global_thread(); f < n; f += (int)grid_threads()) {
        long long o = replaced_offset(layout, f, dim, index[f]);
        if (accumulate) atomicAdd(out + o, src[f]);
        else out[o] = src[f];
    }
}

/**
 * index_select: out[o, j, i] = x[o, index[j], i] for contiguous x [outer, n, inner] and
 * out [outer, m, inner]. Reads x, index; overwrites out.
 */
extern "C" __global__ void index_select(int outer, int n, int inner, int m, const int* __restrict__ index,
                                        const float* __restrict__ x, float* __restrict__ out) {
    long long total = (long long)outer * m * inner;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        long long oj = f / inner;
        int i = (int)(f - oj * inner);
        int o = (int)(oj / m), j = (int)(oj - (long long)o * m);
        out[f] = x[((long long)o * n + index[j]) * inner + i];
    }
}

/** index_add: dx[o, index[j], i] += dy[o, j, i] (atomicAdd: indices may repeat). Accumulates dx. */
extern "C" __global__ void index_add(int outer, int n, int inner, int m, const int* __restrict__ index,
                                     const float* __restrict__ dy, float* dx) {
    long long total = (long long)outer * m * inner;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        long long oj = f / inner;
        int i = (int)(f - oj * inner);
        int o = (int)(oj / m), j = (int)(oj - (long long)o * m);
        atomicAdd(dx + ((long long)o * n + index[j]) * inner + i, dy[f]);
    }
}

/**
 * gather_tokens: the MAE's masking step. out[b, j, :] = x[b, keep[b, j], :] for x [B, L, D],
 * keep [B, Lk], out [B, Lk, D]. One thread per output element. Reads x, keep; overwrites out.
 */
extern "C" __global__ void gather_tokens(int batch, int tokens, int kept, int dim, const int* __restrict__ keep,
                                         const float* __restrict__ x, float* __restrict__ out) {
    long long total = (long long)batch * kept * dim;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        long long bj = f / dim;
        int d = (int)(f - bj * dim);
        int b = (int)(bj / kept);
        out[f] = x[((long long)b * tokens + keep[bj]) * dim + d];
    }
}

/**
 * unshuffle_tokens: the decoder's input. x [B, 1 + Lk, D] is [CLS] then the kept tokens in
 * shuffled order; restore [B, L] gives each original position's index in the shuffled order
 * (kept first, then removed). out [B, 1 + L, D]: out[b, 0] = x[b, 0]; out[b, 1 + l] =
 * x[b, 1 + restore[b, l]] when restore[b, l] < Lk, else maskToken [D].
 * Reads x, restore, maskToken; overwrites out.
 */
extern "C" __global__ void unshuffle_tokens(int batch, int tokens, int kept, int dim, const int* __restrict__ restore,
                                            const float* __restrict__ x, const float* __restrict__ mask_token,
                                            float* __restrict__ out) {
    long long total = (long long)batch * (tokens + 1) * dim;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        long long bl = f / dim;
        int d = (int)(f - bl * dim);
        int b = (int)(bl / (tokens + 1)), l = (int)(bl - (long long)b * (tokens + 1));
        float v;
        if (l == 0) {
            v = x[(long long)b * (kept + 1) * dim + d];
        } else {
            int r = restore[(long long)b * tokens + l - 1];
            v = r < kept ? x[((long long)b * (kept + 1) + 1 + r) * dim + d] : mask_token[d];
        }
        out[f] = v;
    }
}
