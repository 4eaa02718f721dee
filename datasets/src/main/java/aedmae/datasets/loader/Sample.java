package aedmae.datasets.loader;

/**
 * One sample for frame t at model resolution H×W, all float32, channel-major (CHW).
 *
 * @param id          which frame
 * @param input       [9, H, W]: frames t−3, t, t+3 (a neighbour missing at a video's edge replaced
 *                    by frame t), each value v mapped to (v − 127.5)/127.5; with a synthetic
 *                    anomaly, these frames carry the pasted object
 * @param target      [4, H, W]: the CLEAN frame t normalised the same way, then the anomaly-map
 *                    channel (0 → −1, abnormal → +1)
 * @param gradient    [3, H, W]: motion gradient of frame t, 0..255 (of the frames as the model
 *                    sees them, i.e. with the pasted object)
 * @param anomalyMap  [1, H, W] in {0, 1}
 * @param label       1 if the sample has a synthetic anomaly, else 0
 * @param groundTruth the dataset's label of frame t: 0/1 for labelled test frames, 0 for training
 *                    frames (normal by definition), −1 when unknown
 * @param anomaly     what was pasted (null without a synthetic anomaly)
 */
public record Sample(FrameId id, float[] input, float[] target, float[] gradient, float[] anomalyMap,
                     int label, int groundTruth, String anomaly, int height, int width) {}
