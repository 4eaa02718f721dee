package aedmae.tensor.cpu;

import aedmae.tensor.PackedBytes;

/**
 * im2col and its adjoint col2im for one image (CPU twin of kernels/im2col.cu): the general
 * convolution is a GEMM of the weights [Cout, C*kh*kw] with col [C*kh*kw, outH*outW].
 */
public final class Im2col {
    private Im2col() {}

    public static void im2col(float[] x, int xOff, int channels, int height, int width, int kh, int kw,
                              int sh, int sw, int ph, int pw, int outH, int outW, float[] col, int colOff) {
        int rows = channels * kh * kw;
        for (int r = 0; r < rows; r++) {
            int c = r / (kh * kw), ky = (r / kw) % kh, kx = r % kw;
            int dst = colOff + r * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                int iy = oy * sh - ph + ky;
                int d = dst + oy * outW;
                if (iy < 0 || iy >= height) {
                    java.util.Arrays.fill(col, d, d + outW, 0f);
                    continue;
                }
                int src = xOff + (c * height + iy) * width;
                for (int ox = 0; ox < outW; ox++) {
                    int ix = ox * sw - pw + kx;
                    col[d + ox] = ix >= 0 && ix < width ? x[src + ix] : 0f;
                }
            }
        }
    }

    public static void col2im(float[] col, int colOff, int channels, int height, int width, int kh, int kw,
                              int sh, int sw, int ph, int pw, int outH, int outW, float[] dx, int dxOff) {
        int rows = channels * kh * kw;
        for (int r = 0; r < rows; r++) {
            int c = r / (kh * kw), ky = (r / kw) % kh, kx = r % kw;
            int src = colOff + r * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                int iy = oy * sh - ph + ky;
                if (iy < 0 || iy >= height) continue;
                int dst = dxOff + (c * height + iy) * width;
                for (int ox = 0; ox < outW; ox++) {
                    int ix = ox * sw - pw + kx;
                    if (ix >= 0 && ix < width) dx[dst + ix] += col[src + oy * outW + ox];
                }
            }
        }
    }

    /**
     * The patch-embedding rows of kept tokens (twin of patch_rows): x [B, C, H, W]; keep [B, Lk]
     * token ids in (h, w) order (null: all L tokens in order, kept ignored); out [B, Lk, C*p*p] in
     * (c, py, px) order, a Conv2d weight [D, C, p, p] read as [D, C*p*p]. Overwrites out.
     */
    public static void patchRows(float[] x, int xOff, int batch, int channels, int height, int width, int patch,
                                 int[] keep, int kept, float[] out, int outOff) {
        int wp = width / patch, row = channels * patch * patch, rows = keep == null ? (height / patch) * wp : kept;
        Parallel.forRange(batch * rows, 16, (s, e) -> {
            for (int bj = s; bj < e; bj++) {
                int b = bj / rows, token = keep != null ? keep[bj] : bj % rows;
                int ty = token / wp, tx = token % wp, dst = outOff + bj * row;
                for (int c = 0; c < channels; c++)
                    for (int py = 0; py < patch; py++) {
                        int src = xOff + ((b * channels + c) * height + ty * patch + py) * width + tx * patch;
                        System.arraycopy(x, src, out, dst + (c * patch + py) * patch, patch);
                    }
            }
        });
    }

    /**
     * The model's normalised frames from uint8 frames (twin of stack_frames_u8): out[j, :] =
     * (frames[idx[j], :] − 127.5) / 127.5 for j &lt; count, frames blocks of blockBytes bytes
     * packed four to a word from word framesOff ({@link PackedBytes}), idx count int32 words from
     * word idxOff. A [3, H, W] planar frame per block: the stack of frames t−3, t, t+3 is the
     * 9-channel input. Overwrites out.
     */
    public static void stackFramesU8(float[] frames, int framesOff, float[] idxWords, int idxOff, int count, int blockBytes,
                                     float[] out, int outOff) {
        Parallel.forRange(count, 1, (s, e) -> {
            for (int j = s; j < e; j++) {
                int src = PackedBytes.intAt(idxWords, idxOff + j) * blockBytes, dst = outOff + j * blockBytes;
                for (int i = 0; i < blockBytes; i++) out[dst + i] = normalise(PackedBytes.byteAt(frames, framesOff, src + i));
            }
        });
    }

    /** uint8 to float (twin of u8_to_f32): out[i] = bytes[i] · scale + shift, bytes packed from word off. Overwrites out. */
    public static void u8ToF32(float[] bytes, int off, int n, float scale, float shift, float[] out, int outOff) {
        Parallel.forRange(n, 4096, (s, e) -> {
            for (int i = s; i < e; i++) out[outOff + i] = PackedBytes.byteAt(bytes, off, i) * scale + shift;
        });
    }

    /**
     * The kept patches' rows straight from uint8 frames (twin of patch_rows_u8): patchRows of the
     * stackFramesU8 output without writing the 9-channel stack. frames [F, 3, H, W] planar bytes;
     * sample b stacks frames idx[3b..3b+2]; keep [B, Lk] (null: all tokens); out [B, Lk, 9*p*p].
     */
    public static void patchRowsU8(byte[] frames, int[] idx, int batch, int height, int width, int patch,
                                   int[] keep, int kept, float[] out, int outOff) {
        int wp = width / patch, row = 9 * patch * patch, plane = height * width, rows = keep == null ? (height / patch) * wp : kept;
        Parallel.forRange(batch * rows, 16, (s, e) -> {
            for (int bj = s; bj < e; bj++) {
                int b = bj / rows, token = keep != null ? keep[bj] : bj % rows;
                int ty = token / wp, tx = token % wp;
                for (int el = 0; el < row; el++) {
                    int c = el / (patch * patch), py = (el / patch) % patch, px = el % patch, k = c / 3, rgb = c % 3;
                    int pix = (ty * patch + py) * width + tx * patch + px;
                    out[outOff + bj * row + el] = normalise(frames[(idx[3 * b + k] * 3 + rgb) * plane + pix] & 0xFF);
                }
            }
        });
    }

    /** A uint8 pixel to [-1, 1], as the CUDA kernels compute it. */
    private static float normalise(int v) {
        return (v - 127.5f) / 127.5f;
    }
}
