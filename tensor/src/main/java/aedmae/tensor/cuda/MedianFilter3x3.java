package aedmae.tensor.cuda;

import aedmae.tensor.Storage;

/** 3x3 median filter and the motion gradient (twin of aedmae.tensor.cpu.MedianFilter3x3; kernels/median_filter3x3.cu). */
final class MedianFilter3x3 {
    private final CudaBackend b;

    MedianFilter3x3(CudaBackend b) {
        this.b = b;
    }

    void forward(Storage x, int xOff, int planes, int height, int width, Storage y, int yOff) {
        long n = (long) planes * height * width;
        if (n == 0) return;
        b.rt.pick(Op.MEDIAN_FILTER, "median_filter3x3.network19", v -> true);
        b.rt.launch("median3x3", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().i(planes).i(height).i(width).ptr(x, xOff).ptr(y, yOff));
    }

    void absDiff(Storage a, int aOff, Storage bb, int bOff, int planes, int height, int width, Storage out, int outOff) {
        long n = (long) planes * height * width;
        if (n == 0) return;
        b.rt.pick(Op.MEDIAN_ABSDIFF, "median_filter3x3.absdiff", v -> true);
        b.rt.launch("median3x3_absdiff", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().i(planes).i(height).i(width).ptr(a, aOff).ptr(bb, bOff).ptr(out, outOff));
    }
}
