package aedmae.tensor.ops;

import aedmae.tensor.Backends;
import aedmae.tensor.ModelKernels;
import aedmae.tensor.PackedBytes;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;

/**
 * The model's float inputs from uint8 bytes uploaded once ({@link PackedBytes}), made on the
 * device that holds the bytes: normalised frames (stack_frames_u8) and scaled bytes (u8_to_f32).
 * No gradient (they are data).
 */
public final class FramesU8 {
    private FramesU8() {}

    /**
     * Frames idx[0], idx[1], ... of frames (blocks of blockBytes bytes each), normalised to
     * (v − 127.5) / 127.5, one after another, viewed with shape (numel = idx count × blockBytes).
     * With [3, H, W] frames and idx = t−3, t, t+3 per sample, shape [B, 9, H, W] is the model input.
     *
     * @param idx int32 words: the frame of each block of the result (in the same device memory)
     */
    public static Tensor stackFramesU8(PackedBytes frames, PackedBytes idx, int blockBytes, int... shape) {
        int count = idx.bytes() / 4;
        Shape.check(Shape.numel(shape) == (long) count * blockBytes, "stack_frames_u8",
                count + " frames of " + blockBytes + " bytes do not fill the shape", shape);
        sameDevice(frames, idx);
        Tensor out = Tensor.wrap(Backends.get(frames.device()).allocateUninitialized(Shape.numel(shape)), shape);
        if (count > 0) ModelKernels.of(out.backend()).stackFramesU8(frames.storage(), frames.wordOffset(), idx.storage(),
                idx.wordOffset(), count, blockBytes, out.storage(), 0);
        return out;
    }

    /** bytes[i] · scale + shift, viewed with shape (numel = the block's bytes). */
    public static Tensor u8ToF32(PackedBytes bytes, float scale, float shift, int... shape) {
        Shape.check(Shape.numel(shape) == bytes.bytes(), "u8_to_f32", bytes.bytes() + " bytes do not fill the shape", shape);
        Tensor out = Tensor.wrap(Backends.get(bytes.device()).allocateUninitialized(bytes.bytes()), shape);
        if (bytes.bytes() > 0) ModelKernels.of(out.backend()).u8ToF32(bytes.storage(), bytes.wordOffset(), bytes.bytes(), scale, shift, out.storage(), 0);
        return out;
    }

    private static void sameDevice(PackedBytes a, PackedBytes b) {
        if (!a.device().equals(b.device()))
            throw new IllegalArgumentException("stack_frames_u8: frames on " + a.device() + ", indices on " + b.device());
    }
}
