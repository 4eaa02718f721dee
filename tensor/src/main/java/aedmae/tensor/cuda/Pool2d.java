package aedmae.tensor.cuda;

import aedmae.tensor.Storage;

/** Max and average pooling (twin of aedmae.tensor.cpu.Pool2d; kernels/pool2d.cu). */
final class Pool2d {
    private final CudaBackend b;

    Pool2d(CudaBackend b) {
        this.b = b;
    }

    void maxForward(Storage x, int xOff, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw,
                    int outH, int outW, Storage y, int yOff, Storage argmax) {
        long n = (long) planes * outH * outW;
        if (n == 0) return;
        b.rt.pick(Op.MAX_POOL, "pool2d.max", v -> true);
        b.rt.launch("maxpool2d", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().struct(Im2col.geometry(planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW))
                        .ptr(x, xOff).ptr(y, yOff).ptrOrNull(argmax, 0));
    }

    void maxBackward(Storage dy, int dyOff, Storage argmax, int planes, int height, int width, int kh, int kw, int sh, int sw,
                     int ph, int pw, int outH, int outW, Storage dx, int dxOff) {
        long n = (long) planes * outH * outW;
        if (n == 0) return;
        b.rt.pick(Op.MAX_POOL_BACKWARD, "pool2d.max_backward_atomic", v -> true);
        b.rt.launch("maxpool2d_backward", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().struct(Im2col.geometry(planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW))
                        .ptr(dy, dyOff).ptr(argmax, 0).ptr(dx, dxOff));
    }

    void avgForward(Storage x, int xOff, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw,
                    int outH, int outW, Storage y, int yOff) {
        long n = (long) planes * outH * outW;
        if (n == 0) return;
        b.rt.pick(Op.AVG_POOL, "pool2d.avg", v -> true);
        b.rt.launch("avgpool2d", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().struct(Im2col.geometry(planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW)).ptr(x, xOff).ptr(y, yOff));
    }

    void avgBackward(Storage dy, int dyOff, int planes, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw,
                     int outH, int outW, Storage dx, int dxOff) {
        long n = (long) planes * height * width;
        if (n == 0) return;
        b.rt.pick(Op.AVG_POOL_BACKWARD, "pool2d.avg_backward_gather", v -> true);
        b.rt.launch("avgpool2d_backward", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().struct(Im2col.geometry(planes, height, width, kh, kw, sh, sw, ph, pw, outH, outW)).ptr(dy, dyOff).ptr(dx, dxOff));
    }
}
