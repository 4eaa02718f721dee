package aedmae.datasets.loader;

import aedmae.tensor.Device;
import aedmae.tensor.Tensor;

import java.util.List;

/**
 * A batch of B samples stacked on a leading dimension, as CPU tensors (see {@link Sample} for
 * the meaning of each channel); {@link #to} moves it to the device the model runs on.
 *
 * @param input       [B, 9, H, W] frames t−3, t, t+3, normalised to [−1, 1]
 * @param target      [B, 4, H, W] clean frame t normalised, plus the anomaly-map channel in {−1, +1}
 * @param gradient    [B, 3, H, W] motion gradients, 0..255
 * @param anomalyMap  [B, 1, H, W] in {0, 1}
 * @param label       [B] 1 for samples with a synthetic anomaly, else 0
 * @param ids         the B frames, in batch order
 * @param groundTruth per sample: the dataset's frame label (0/1), 0 for training frames, −1 if unknown
 */
public record Batch(Tensor input, Tensor target, Tensor gradient, Tensor anomalyMap, Tensor label,
                    List<FrameId> ids, int[] groundTruth) {
    /** The batch on a device: one upload per tensor (itself when already there). */
    public Batch to(Device device) {
        if (input.device().equals(device)) return this;
        return new Batch(input.to(device), target.to(device), gradient.to(device), anomalyMap.to(device), label.to(device), ids, groundTruth);
    }

    /** B, the number of samples. */
    public int size() {
        return ids.size();
    }
}
