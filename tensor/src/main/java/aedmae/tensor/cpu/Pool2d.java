package aedmae.tensor.cpu;

/** Max and average pooling over planes [P, H, W] (CPU twin of kernels/pool2d.cu). */
public final class Pool2d {
    private Pool2d() {}

    public static void maxForward(float[] x, int xOff, int planes, int height, int width, int kh, int kw, int sh, int sw,
                                  int ph, int pw, int outH, int outW, float[] y, int yOff, float[] argmax) {
        Parallel.forRange(planes, Math.max(1, 4096 / Math.max(1, outH * outW * kh * kw)), (s, e) -> {
            for (int p = s; p < e; p++) {
                int xb = xOff + p * height * width;
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int bi = 0;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy * sh - ph + ky;
                            if (iy < 0 || iy >= height) continue;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox * sw - pw + kx;
                                if (ix < 0 || ix >= width) continue;
                                float v = x[xb + iy * width + ix];
                                if (v > best || Float.isNaN(v)) { best = v; bi = ky * kw + kx; }
                            }
                        }
                        int o = (p * outH + oy) * outW + ox;
                        y[yOff + o] = best;
                        if (argmax != null) argmax[o] = bi;
                    }
                }
            }
        });
    }

    public static void maxBackward(float[] dy, int dyOff, float[] argmax, int planes, int height, int width,
                                   int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW,
                                   float[] dx, int dxOff) {
        Parallel.forRange(planes, 1, (s, e) -> {
            for (int p = s; p < e; p++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        int o = (p * outH + oy) * outW + ox;
                        int k = (int) argmax[o];
                        int iy = oy * sh - ph + k / kw, ix = ox * sw - pw + k % kw;
                        if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
                            dx[dxOff + p * height * width + iy * width + ix] += dy[dyOff + o];
                        }
                    }
                }
            }
        });
    }

    public static void avgForward(float[] x, int xOff, int planes, int height, int width, int kh, int kw, int sh, int sw,
                                  int ph, int pw, int outH, int outW, float[] y, int yOff) {
        float inv = 1f / (kh * kw);
        Parallel.forRange(planes, 1, (s, e) -> {
            for (int p = s; p < e; p++) {
                int xb = xOff + p * height * width;
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        float acc = 0f;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy * sh - ph + ky;
                            if (iy < 0 || iy >= height) continue;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox * sw - pw + kx;
                                if (ix >= 0 && ix < width) acc += x[xb + iy * width + ix];
                            }
                        }
                        y[yOff + (p * outH + oy) * outW + ox] = acc * inv;
                    }
                }
            }
        });
    }

    public static void avgBackward(float[] dy, int dyOff, int planes, int height, int width, int kh, int kw,
                                   int sh, int sw, int ph, int pw, int outH, int outW, float[] dx, int dxOff) {
        float inv = 1f / (kh * kw);
        Parallel.forRange(planes, 1, (s, e) -> {
            for (int p = s; p < e; p++) {
                int xb = dxOff + p * height * width;
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        float g = dy[dyOff + (p * outH + oy) * outW + ox] * inv;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy * sh - ph + ky;
                            if (iy < 0 || iy >= height) continue;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox * sw - pw + kx;
                                if (ix >= 0 && ix < width) dx[xb + iy * width + ix] += g;
                            }
                        }
                    }
                }
            }
        });
    }
}
