package aedmae.tensor.cuda;

import aedmae.tensor.device.CachingAllocator;

import aedmae.tensor.Storage;
import jcuda.driver.CUdeviceptr;

import static aedmae.tensor.cuda.KernelRegistry.DWCONV_SCALAR;
import static aedmae.tensor.cuda.KernelRegistry.DWCONV_VEC4;

/**
 * Depthwise 3x3 convolution on channels-last tensors (twin of aedmae.tensor.cpu.DepthwiseConv3x3;
 * kernels/depthwise_conv3x3.cu). The same kernel, with the taps flipped, is the input gradient.
 */
final class DepthwiseConv3x3 {
    private final CudaBackend b;

    DepthwiseConv3x3(CudaBackend b) {
        this.b = b;
    }

    /** The float4 kernel needs whole groups of four channels at 16-byte aligned offsets. */
    static boolean vec4(int channels, int xOff, int yOff) {
        return channels % 4 == 0 && xOff % 4 == 0 && yOff % 4 == 0;
    }

    /** y = conv(x, w) (+ bias when not null); flip = the input-gradient form. */
    private void conv(Storage x, int xOff, Storage w, int wOff, Storage bias, int biasOff, int n, int height, int width,
                      int channels, boolean flip, Storage y, int yOff) {
        long total = (long) n * height * width * channels;
        if (total == 0) return;
        boolean v4 = vec4(channels, xOff, yOff);
        String v = b.rt.pick(Op.DEPTHWISE_CONV, v4 ? DWCONV_VEC4 : DWCONV_SCALAR, name -> name.equals(DWCONV_SCALAR) || v4);
        boolean useVec = v.equals(DWCONV_VEC4);
        b.rt.launch(useVec ? "dwconv3x3_vec4" : "dwconv3x3", Launch.linear(useVec ? total / 4 : total, 256, b.rt.gridCap()),
                b.args().i(n).i(height).i(width).i(channels).i(flip ? 1 : 0).ptr(x, xOff).ptr(w, wOff)
                        .ptrOrNull(bias, biasOff).ptr(y, yOff));
    }

    void forward(Storage x, int xOff, Storage w, int wOff, Storage bias, int biasOff, int n, int height, int width, int channels,
                 Storage y, int yOff) {
        conv(x, xOff, w, wOff, bias, biasOff, n, height, width, channels, false, y, yOff);
    }

    /** dx (nullable) by the flipped kernel; dw (nullable) from per-block partials. */
    void backward(Storage x, int xOff, Storage w, int wOff, Storage dy, int dyOff, int n, int height, int width, int channels,
                  Storage dx, int dxOff, Storage dw) {
        b.rt.pick(Op.DEPTHWISE_CONV_BACKWARD, "depthwise_conv3x3.backward_partials", v -> true);
        if (dx != null) conv(dy, dyOff, w, wOff, null, 0, n, height, width, channels, true, dx, dxOff);
        if (dw == null || channels == 0) return;
        long pixels = (long) n * height * width;
        int channelBlocks = Launch.ceilDiv(channels, 32);
        int groups = Math.max(1, Math.min(Math.min(Launch.ceilDiv(Math.max(pixels, 1), 8 * 32), 65535),
                Math.max(1, 8 * b.rt.multiprocessors() / channelBlocks)));
        CachingAllocator.Block<CUdeviceptr> parts = b.rt.scratch(4L * groups * 9 * channels);
        try {
            b.rt.launch("dwconv3x3_dw_partial", Launch.of(channelBlocks, groups, 1, 32, 8, 1),
                    b.args().i(n).i(height).i(width).i(channels).ptr(x, xOff).ptr(dy, dyOff).ptr(parts));
            b.rt.launch("dwconv3x3_dw_finish", Launch.linear(9L * channels, 256, b.rt.gridCap()),
                    b.args().i(groups).i(channels).ptr(parts).ptr(dw, 0));
        } finally {
            b.rt.releaseScratch(parts);
        }
    }
}
