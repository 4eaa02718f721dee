package aedmae.tensor.cuda;

import aedmae.tensor.Storage;

/**
 * im2col / col2im (twin of aedmae.tensor.cpu.Im2col) and the input-side model kernels of
 * kernels/im2col.cu: kept-patch rows for the patch embedding, normalised frames and other
 * floats from uint8 bytes uploaded once.
 */
final class Im2col {
    private final CudaBackend b;

    Im2col(CudaBackend b) {
        this.b = b;
    }

    /** The ConvGeom / PoolGeom struct: {C|P, H, W, kh, kw, sh, sw, ph, pw, outH, outW}. */
    static int[] geometry(int channels, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW) {
        return new int[]{channels, height, width, kh, kw, sh, sw, ph, pw, outH, outW};
    }

    void im2col(Storage x, int xOff, int channels, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw,
                int outH, int outW, Storage col, int colOff) {
        long n = (long) channels * kh * kw * outH * outW;
        if (n == 0) return;
        b.rt.pick(Op.IM2COL, "im2col.thread_per_element", v -> true);
        b.rt.launch("im2col", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().struct(geometry(channels, height, width, kh, kw, sh, sw, ph, pw, outH, outW)).ptr(x, xOff).ptr(col, colOff));
    }

    void col2im(Storage col, int colOff, int channels, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw,
                int outH, int outW, Storage dx, int dxOff) {
        long n = (long) channels * height * width;
        if (n == 0) return;
        b.rt.pick(Op.COL2IM, "im2col.col2im_gather", v -> true);
        b.rt.launch("col2im", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().struct(geometry(channels, height, width, kh, kw, sh, sw, ph, pw, outH, outW)).ptr(col, colOff).ptr(dx, dxOff));
    }

    void patchRows(Storage x, int xOff, int batch, int channels, int height, int width, int patch, DeviceBuffer keep, int kept,
                   Storage out, int outOff) {
        int tokens = (height / patch) * (width / patch);
        int rows = keep == null ? tokens : kept;
        long n = (long) batch * rows * channels * patch * patch;
        if (n == 0) return;
        b.rt.pick(Op.PATCH_ROWS, "im2col.patch_rows", v -> true);
        Args a = b.args().i(batch).i(channels).i(height).i(width).i(patch).i(rows);
        if (keep == null) a.nullPtr();
        else a.ptr(keep);
        b.rt.launch("patch_rows", Launch.linear(n, 256, b.rt.gridCap()), a.ptr(x, xOff).ptr(out, outOff));
    }

    void patchRowsFromFrames(DeviceBuffer frames, DeviceBuffer idx, int batch, int height, int width, int patch,
                             DeviceBuffer keep, int kept, Storage out, int outOff) {
        int tokens = (height / patch) * (width / patch);
        int rows = keep == null ? tokens : kept;
        long n = (long) batch * rows * 9 * patch * patch;
        if (n == 0) return;
        b.rt.pick(Op.PATCH_ROWS_U8, "im2col.patch_rows_u8", v -> true);
        Args a = b.args().i(batch).i(height).i(width).i(patch).i(rows).ptr(idx);
        if (keep == null) a.nullPtr();
        else a.ptr(keep);
        b.rt.launch("patch_rows_u8", Launch.linear(n, 256, b.rt.gridCap()), a.ptr(frames).ptr(out, outOff));
    }

    void stackFramesU8(Storage frames, int framesOff, Storage idxWords, int idxOff, int count, int blockBytes, Storage out, int outOff) {
        long n = (long) count * blockBytes;
        if (n == 0) return;
        b.rt.pick(Op.STACK_FRAMES, "im2col.stack_frames_u8", v -> true);
        b.rt.launch("stack_frames_u8", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().i(count).i(blockBytes).ptr(idxWords, idxOff).ptr(frames, framesOff).ptr(out, outOff));
    }

    void u8ToF32(Storage bytes, int off, int n, float scale, float shift, Storage out, int outOff) {
        if (n == 0) return;
        b.rt.pick(Op.U8_TO_F32, "im2col.u8_to_f32", v -> true);
        b.rt.launch("u8_to_f32", Launch.linear(n, 256, b.rt.gridCap()),
                b.args().l(n).f(scale).f(shift).ptr(bytes, off).ptr(out, outOff));
    }
}
