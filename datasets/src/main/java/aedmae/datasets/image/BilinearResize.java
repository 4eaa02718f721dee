package aedmae.datasets.image;

/**
 * Bilinear resizing of uint8 planar images with half-pixel centres, the convention of OpenCV's
 * {@code INTER_LINEAR} (the default the reference code resizes with): output pixel x samples the
 * source at {@code (x + 0.5)·(inW / outW) − 0.5}, clamped to the image. No anti-aliasing when
 * shrinking (like OpenCV). Values are computed in float and rounded to nearest; OpenCV's
 * fixed-point arithmetic may differ by 1 on some pixels.
 */
public final class BilinearResize {
    private BilinearResize() {}

    /** Resizes to outH × outW; returns the input itself when the size already matches. */
    public static RgbFrame resize(RgbFrame src, int outH, int outW) {
        if (src.height() == outH && src.width() == outW) return src;
        byte[] out = new byte[3 * outH * outW];
        resize(src.chw(), 3, src.height(), src.width(), out, outH, outW);
        return new RgbFrame(outH, outW, out);
    }

    /**
     * Resizes {@code planes} planes [planes, inH, inW] of src into dst [planes, outH, outW].
     * Reads src; overwrites dst.
     */
    public static void resize(byte[] src, int planes, int inH, int inW, byte[] dst, int outH, int outW) {
        int[] x0 = new int[outW], x1 = new int[outW];
        float[] fx = new float[outW];
        taps(inW, outW, x0, x1, fx);
        int[] y0 = new int[outH], y1 = new int[outH];
        float[] fy = new float[outH];
        taps(inH, outH, y0, y1, fy);
        for (int p = 0; p < planes; p++) {
            int sBase = p * inH * inW, dBase = p * outH * outW;
            for (int y = 0; y < outH; y++) {
                int r0 = sBase + y0[y] * inW, r1 = sBase + y1[y] * inW;
                float wy = fy[y];
                for (int x = 0; x < outW; x++) {
                    float top = (src[r0 + x0[x]] & 0xFF) * (1 - fx[x]) + (src[r0 + x1[x]] & 0xFF) * fx[x];
                    float bot = (src[r1 + x0[x]] & 0xFF) * (1 - fx[x]) + (src[r1 + x1[x]] & 0xFF) * fx[x];
                    float v = top * (1 - wy) + bot * wy;
                    dst[dBase + y * outW + x] = (byte) Math.min(255, (int) (v + 0.5f));
                }
            }
        }
    }

    /** Source taps (i0, i1) and the weight of i1 for each output index along one axis. */
    static void taps(int in, int out, int[] i0, int[] i1, float[] frac) {
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double s = (o + 0.5) * scale - 0.5;
            if (s < 0) s = 0;
            int a = (int) Math.floor(s);
            double f = s - a;
            if (a >= in - 1) {
                a = in - 1;
                f = 0;
            }
            i0[o] = a;
            i1[o] = Math.min(a + 1, in - 1);
            frac[o] = (float) f;
        }
    }

    /**
     * Nearest-neighbour resizing of a single-plane mask [inH, inW] to [outH, outW] (keeps masks
     * binary): output pixel x takes source pixel floor((x + 0.5)·inW/outW).
     */
    public static byte[] resizeMaskNearest(byte[] mask, int inH, int inW, int outH, int outW) {
        if (inH == outH && inW == outW) return mask.clone();
        byte[] out = new byte[outH * outW];
        for (int y = 0; y < outH; y++) {
            int sy = Math.min(inH - 1, (int) ((y + 0.5) * inH / outH));
            for (int x = 0; x < outW; x++) {
                int sx = Math.min(inW - 1, (int) ((x + 0.5) * inW / outW));
                out[y * outW + x] = mask[sy * inW + sx];
            }
        }
        return out;
    }
}
