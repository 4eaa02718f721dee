package aedmae.datasets.loader;

import aedmae.datasets.gradient.GradientMode;
import aedmae.tensor.Device;
import aedmae.tensor.F;
import aedmae.tensor.PackedBytes;
import aedmae.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch as the uint8 bytes that cross to the model's device in one upload, and the ops that
 * make the model's float tensors from them there ({@link #build}). Regions, each starting a
 * 4-byte word ({@link PackedBytes}):
 * <pre>
 *   frames     [F, 3, H, W]   each distinct frame once (frame t+3 of one sample is frame t of another)
 *   gradients  [B, 3, H, W]   the cache's motion gradient of each sample's frame t (Eq. 1)
 *   pairs      [A, 2, 3, H, W] frames t−1 and t+1 with the object pasted, for the A samples with a
 *                             synthetic anomaly: their gradient is computed on the device
 *   maps       [B, H, W]      1 on the pixels pasted into frame t
 *   labels     [B]            1 for a sample with a synthetic anomaly
 *   input idx  [B, 3] int32   the frames t−3, t, t+3 of each sample
 *   target idx [B] int32      the clean frame t of each sample
 * </pre>
 * A sample without an anomaly shares its frames with its neighbours; one with an anomaly has its
 * own pasted frames. The synthetic objects are pasted on the host, on these uint8 frames.
 */
final class BatchBytes {
    final int batch, height, width, frames;
    final int[] pastedSamples; // ascending: the sample of each pair
    final GradientMode mode;
    final byte[] bytes;
    final int framesOff, gradientsOff, pairsOff, mapsOff, labelsOff, inputIdxOff, targetIdxOff;

    BatchBytes(int batch, int height, int width, int frames, int[] pastedSamples, GradientMode mode) {
        this.batch = batch;
        this.height = height;
        this.width = width;
        this.frames = frames;
        this.pastedSamples = pastedSamples;
        this.mode = mode;
        int fb = frameBytes(), plane = height * width;
        framesOff = 0;
        gradientsOff = word(framesOff + frames * fb);
        pairsOff = word(gradientsOff + batch * fb);
        mapsOff = word(pairsOff + pastedSamples.length * 2 * fb);
        labelsOff = word(mapsOff + batch * plane);
        inputIdxOff = word(labelsOff + batch);
        targetIdxOff = inputIdxOff + 4 * InputLayout.FRAMES * batch;
        bytes = new byte[targetIdxOff + 4 * batch];
    }

    private static int word(int byteOffset) {
        return (byteOffset + 3) & ~3;
    }

    /** Bytes of one frame or gradient [3, H, W]. */
    int frameBytes() {
        return InputLayout.COLOURS * height * width;
    }

    int frameOffset(int f) {
        return framesOff + f * frameBytes();
    }

    int gradientOffset(int i) {
        return gradientsOff + i * frameBytes();
    }

    /** Frame t−1 (side 0) or t+1 (side 1) of the j-th sample with an anomaly. */
    int pairOffset(int j, int side) {
        return pairsOff + (2 * j + side) * frameBytes();
    }

    int mapOffset(int i) {
        return mapsOff + i * height * width;
    }

    void setLabel(int i, boolean anomalous) {
        bytes[labelsOff + i] = (byte) (anomalous ? 1 : 0);
    }

    void setInputFrame(int i, int k, int frame) {
        putInt(inputIdxOff + 4 * (InputLayout.FRAMES * i + k), frame);
    }

    void setTargetFrame(int i, int frame) {
        putInt(targetIdxOff + 4 * i, frame);
    }

    private void putInt(int off, int v) {
        bytes[off] = (byte) v;
        bytes[off + 1] = (byte) (v >>> 8);
        bytes[off + 2] = (byte) (v >>> 16);
        bytes[off + 3] = (byte) (v >>> 24);
    }

    /**
     * The batch's tensors on a device: one upload of these bytes, then (docs/model-spec.md "Input
     * and target") input = stack_frames_u8 of frames t−3, t, t+3; target = the clean frame t
     * normalised and the map as −1/+1; gradient = the cached one, or for a sample with an
     * anomaly |M(x_{t−1}) − M(x_{t+1})| of its pasted frames (Eq. 1, median3x3 where the model
     * runs); map and label as 0/1. The same values, bit for bit, on every device.
     */
    Batch.Tensors build(Device device) {
        int b = batch, h = height, w = width, fb = frameBytes();
        PackedBytes all = PackedBytes.upload(device, bytes);
        PackedBytes fr = all.slice(framesOff, frames * fb);
        Tensor input = F.stackFramesU8(fr, all.slice(inputIdxOff, 4 * InputLayout.FRAMES * b), fb, b, InputLayout.INPUT_CHANNELS, h, w);
        PackedBytes maps = all.slice(mapsOff, b * h * w);
        Tensor clean = F.stackFramesU8(fr, all.slice(targetIdxOff, 4 * b), fb, b, InputLayout.COLOURS, h, w);
        Tensor target = F.cat(1, clean, F.u8ToF32(maps, 2f, -1f, b, 1, h, w));
        Tensor map = F.u8ToF32(maps, 1f, 0f, b, 1, h, w);
        Tensor gradient = F.u8ToF32(all.slice(gradientsOff, b * fb), 1f, 0f, b, InputLayout.GRADIENT_CHANNELS, h, w);
        if (pastedSamples.length > 0) gradient = withPastedGradients(gradient, all.slice(pairsOff, pastedSamples.length * 2 * fb));
        Tensor label = F.u8ToF32(all.slice(labelsOff, b), 1f, 0f, b);
        return new Batch.Tensors(input, target, gradient, map, label);
    }

    /** The cached gradients with those of the samples with an anomaly replaced by their pasted frames' (Eq. 1). */
    private Tensor withPastedGradients(Tensor cached, PackedBytes pairBytes) {
        int a = pastedSamples.length, h = height, w = width;
        Tensor pairs = F.u8ToF32(pairBytes, 1f, 0f, a, 2, InputLayout.COLOURS, h, w);
        Tensor prev = pairs.select(1, 0), next = pairs.select(1, 1);
        Tensor pasted = (mode == GradientMode.MEDIAN ? F.medianFilter3x3(prev).sub(F.medianFilter3x3(next)) : prev.sub(next)).abs();
        List<Tensor> pieces = new ArrayList<>();
        int from = 0;
        for (int j = 0; j < a; j++) {
            int i = pastedSamples[j];
            if (i > from) pieces.add(cached.slice(0, from, i));
            pieces.add(pasted.slice(0, j, j + 1));
            from = i + 1;
        }
        if (from < batch) pieces.add(cached.slice(0, from, batch));
        return F.cat(pieces, 0);
    }
}
