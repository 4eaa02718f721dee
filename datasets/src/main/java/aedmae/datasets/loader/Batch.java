package aedmae.datasets.loader;

import aedmae.tensor.Device;
import aedmae.tensor.Tensor;

import java.util.List;

/**
 * A batch of B samples stacked on a leading dimension (see {@link Sample} for the meaning of
 * each channel), on one device. A batch from the {@link VideoLoader} carries its samples as
 * uint8 bytes ({@link BatchBytes}); {@link #to} a device moves those bytes in one upload, and
 * the float tensors are made there on first use: the 9-channel stack, the target, the motion
 * gradients of samples with a pasted object. A batch made from tensors (a live camera's frames)
 * moves them tensor by tensor.
 * <p>
 * Tensors: input [B, 9, H, W] frames t−3, t, t+3, normalised to [−1, 1]; target [B, 4, H, W]
 * the clean frame t normalised, plus the anomaly-map channel in {−1, +1}; gradient [B, 3, H, W]
 * motion gradients, 0..255; anomalyMap [B, 1, H, W] in {0, 1}; label [B] 1 for samples with a
 * synthetic anomaly, else 0.
 */
public final class Batch {
    /** The five tensors of a batch, on one device. */
    public record Tensors(Tensor input, Tensor target, Tensor gradient, Tensor anomalyMap, Tensor label) {
        Tensors to(Device device) {
            return new Tensors(input.to(device), target.to(device), gradient.to(device), anomalyMap.to(device), label.to(device));
        }
    }

    private final BatchBytes bytes; // null for a batch made from tensors
    private final Device device;
    private final List<FrameId> ids;
    private final int[] groundTruth;
    private Tensors tensors;

    /**
     * A batch of tensors (all on one device).
     *
     * @param ids         the B frames, in batch order
     * @param groundTruth per sample: the dataset's frame label (0/1), 0 for training frames, −1 if unknown
     */
    public Batch(Tensor input, Tensor target, Tensor gradient, Tensor anomalyMap, Tensor label, List<FrameId> ids, int[] groundTruth) {
        this(null, input.device(), new Tensors(input, target, gradient, anomalyMap, label), ids, groundTruth);
    }

    private Batch(BatchBytes bytes, Device device, Tensors tensors, List<FrameId> ids, int[] groundTruth) {
        this.bytes = bytes;
        this.device = device;
        this.tensors = tensors;
        this.ids = List.copyOf(ids);
        this.groundTruth = groundTruth;
    }

    /** A batch of uint8 bytes, whose tensors are made on the device on first use. */
    static Batch of(BatchBytes bytes, Device device, List<FrameId> ids, int[] groundTruth) {
        return new Batch(bytes, device, null, ids, groundTruth);
    }

    /** The batch on a device (itself when already there): the bytes in one upload, or each tensor. */
    public Batch to(Device target) {
        if (device.equals(target)) return this;
        if (bytes != null) return new Batch(bytes, target, null, ids, groundTruth);
        return new Batch(null, target, tensors().to(target), ids, groundTruth);
    }

    /** The device whose tensors this batch gives. */
    public Device device() {
        return device;
    }

    /** The tensors, made on the batch's device on first call (in the caller's memory arena). */
    public synchronized Tensors tensors() {
        if (tensors == null) tensors = bytes.build(device);
        return tensors;
    }

    /** Bytes one upload of this batch moves (its uint8 payload), or 0 for a batch made from tensors. */
    public long uploadBytes() {
        return bytes == null ? 0 : bytes.bytes.length;
    }

    public Tensor input() {
        return tensors().input();
    }

    public Tensor target() {
        return tensors().target();
    }

    public Tensor gradient() {
        return tensors().gradient();
    }

    public Tensor anomalyMap() {
        return tensors().anomalyMap();
    }

    public Tensor label() {
        return tensors().label();
    }

    /** The B frames, in batch order. */
    public List<FrameId> ids() {
        return ids;
    }

    /** Per sample: the dataset's frame label (0/1), 0 for training frames, −1 if unknown. */
    public int[] groundTruth() {
        return groundTruth;
    }

    /** B, the number of samples. */
    public int size() {
        return ids.size();
    }
}
