// im2col and its adjoint col2im for one image (twin of aedmae.tensor.cpu.Im2col), plus the
// patch embedding's gather of kept patches (stride = kernel = p, so a token's patch is one row).
#include "common.cuh"

struct ConvGeom {
    int channels, height, width, kh, kw, sh, sw, ph, pw, out_h, out_w;
};

/**
 * im2col: col [C*kh*kw, outH*outW] from x [C, H, W] (zero padding), one thread per col element.
 * Reads x; overwrites col.
 */
extern "C" __global__ void im2col(ConvGeom g, const float* __restrict__ x, float* __restrict__ col) {
    int plane = g.out_h * g.out_w;
    long long total = (long long)g.channels * g.kh * g.kw * plane;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        int r = (int)(f / plane), p = (int)(f - (long long)r * plane);
        int c = r / (g.kh * g.kw), ky = (r / g.kw) % g.kh, kx = r % g.kw;
        int oy = p / g.out_w, ox = p - oy * g.out_w;
        int iy = oy * g.sh - g.ph + ky, ix = ox * g.sw - g.pw + kx;
        col[f] = (iy >= 0 && iy < g.height && ix >= 0 && ix < g.width)
                     ? x[((long long)c * g.height + iy) * g.width + ix] : 0.f;
    }
}

/**
 * col2im: dx [C, H, W] += the adjoint of im2col, gathered per input pixel (no atomics): each
 * pixel sums the col entries of every (ky, kx, oy, ox) that read it. Reads col; accumulates dx.
 */
extern "C" __global__ void col2im(ConvGeom g, const float* __restrict__ col, float* __restrict__ dx) {
    int plane = g.out_h * g.out_w;
    long long total = (long long)g.channels * g.height * g.width;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        int c = (int)(f / ((long long)g.height * g.width));
        int rem = (int)(f - (long long)c * g.height * g.width);
        int iy = rem / g.width, ix = rem - iy * g.width;
        float s = 0.f;
        for (int ky = 0; ky < g.kh; ky++) {
            int ty = iy + g.ph - ky; // = oy * sh
            if (ty < 0 || ty % g.sh != 0) continue;
            int oy = ty / g.sh;
            if (oy >= g.out_h) continue;
            for (int kx = 0; kx < g.kw; kx++) {
                int tx = ix + g.pw - kx;
                if (tx < 0 || tx % g.sw != 0) continue;
                int ox = tx / g.sw;
                if (ox >= g.out_w) continue;
                s += col[((long long)(c * g.kh + ky) * g.kw + kx) * plane + oy * g.out_w + ox];
            }
        }
        dx[f] += s;
    }
}

/**
 * patch_rows: the rows of the patch-embedding GEMM for kept tokens only. x [B, C, H, W];
 * keep [B, Lk] token ids in (h, w) order (null: all L tokens in order, Lk = L);
 * out [B, Lk, C*p*p] with (c, py, px) order, matching a Conv2d weight [D, C, p, p] read as
 * [D, C*p*p]. One thread per output element. Reads x, keep; overwrites out.
 */
extern "C" __global__ void patch_rows(int batch, int channels, int height, int width, int patch, int kept,
                                      const int* __restrict__ keep, const float* __restrict__ x,
                                      float* __restrict__ out) {
    int wp = width / patch;
    int row = channels * patch * patch;
    long long total = (long long)batch * kept * row;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        long long bj = f / row;
        int e = (int)(f - bj * row);
        int b = (int)(bj / kept), j = (int)(bj - (long long)b * kept);
        int token = keep ? keep[bj] : j;
        int ty = token / wp, tx = token - ty * wp;
        int c = e / (patch * patch), py = (e / patch) % patch, px = e % patch;
        out[f] = x[(((long long)b * channels + c) * height + ty * patch + py) * width + tx * patch + px];
    }
}

/**
 * stack_frames_u8: the model's normalised frames from uint8 frames uploaded once as bytes:
 * out[j, :] = (frames[idx[j], :] - 127.5) / 127.5 for j < count, each frame a block of
 * block_bytes bytes ([3, H, W] planar). Stacking frames t-3, t, t+3 of each sample in idx gives
 * the 9-channel input [B, 9, H, W]. Reads frames, idx; overwrites out.
 */
extern "C" __global__ void stack_frames_u8(int count, int block_bytes, const int* __restrict__ idx,
                                           const unsigned char* __restrict__ frames, float* __restrict__ out) {
    long long total = (long long)count * block_bytes;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        long long j = f / block_bytes;
        long long i = f - j * block_bytes;
        unsigned char v = frames[(long long)idx[j] * block_bytes + i];
        out[f] = ((float)v - 127.5f) / 127.5f;
    }
}

/**
 * u8_to_f32: out[i] = bytes[i] * scale + shift (motion gradients 0..255, the anomaly map's
 * 0/1 and -1/+1 channels), a rounded product then a rounded sum as the CPU twin computes it (no
 * FMA contraction). Reads bytes; overwrites out.
 */
extern "C" __global__ void u8_to_f32(long long n, float scale, float shift, const unsigned char* __restrict__ bytes,
                                     float* __restrict__ out) {
    for (long long i = global_thread(); i < n; i += grid_threads()) out[i] = __fadd_rn(__fmul_rn((float)bytes[i], scale), shift);
}

/**
 * patch_rows_u8: patch_rows and stack_frames_u8 fused: the kept patches' rows straight from the
 * uint8 frames, so the 9-channel float stack is never written. frames [F, 3, H, W]; sample b
 * reads frames idx[3b..3b+2] (t-3, t, t+3); keep [B, Lk] (null: all tokens); out [B, Lk, 9*p*p]
 * in (c, py, px) order with c = 3*k + rgb, value (v - 127.5) / 127.5. Reads frames, idx, keep;
 * overwrites out.
 */
extern "C" __global__ void patch_rows_u8(int batch, int height, int width, int patch, int kept,
                                         const int* __restrict__ idx, const int* __restrict__ keep,
                                         const unsigned char* __restrict__ frames, float* __restrict__ out) {
    int wp = width / patch;
    int row = 9 * patch * patch;
    long long plane = (long long)height * width;
    long long total = (long long)batch * kept * row;
    for (long long f = global_thread(); f < total; f += grid_threads()) {
        long long bj = f / row;
        int e = (int)(f - bj * row);
        int b = (int)(bj / kept), j = (int)(bj - (long long)b * kept);
        int token = keep ? keep[bj] : j;
        int ty = token / wp, tx = token - ty * wp;
        int c = e / (patch * patch), py = (e / patch) % patch, px = e % patch;
        int k = c / 3, rgb = c - 3 * k;
        long long frame = idx[3 * b + k];
        long long pix = (long long)(ty * patch + py) * width + tx * patch + px;
        out[f] = ((float)frames[(frame * 3 + rgb) * plane + pix] - 127.5f) / 127.5f;
    }
}
