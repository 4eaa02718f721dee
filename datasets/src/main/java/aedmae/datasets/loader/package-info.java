/**
 * Samples and batches for training and scoring.
 * <p>
 * Dimension letters: B batch, C channels (9 input = 3 frames × RGB, 4 target = RGB + anomaly
 * map, 3 gradient, 1 map), H and W the model input's height and width. Tensors are
 * channel-major (CHW) float32 on the CPU.
 */
package aedmae.datasets.loader;
