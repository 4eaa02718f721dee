/**
 * Samples and batches for training and scoring.
 * <p>
 * Dimension letters: B batch, C channels (9 input = 3 frames × RGB, 4 target = RGB + anomaly
 * map, 3 gradient, 1 map), F distinct frames of a batch, A samples with a pasted object, H and
 * W the model input's height and width. A batch crosses to the model's device as uint8 bytes
 * ({@code BatchBytes}, one upload); its tensors, channel-major (CHW) float32, are made there.
 */
package aedmae.datasets.loader;
