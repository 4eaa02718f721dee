package aedmae.tensor.cpu;

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
}
