/**
 * Live cameras: {@code aedmae watch}. Each camera is decoded on its own thread
 * ({@link aedmae.watch.CameraFeed}) into a bounded queue of frames waiting to be scored
 * ({@link aedmae.watch.PendingFrames}, drop-oldest when the scorer is behind, counted); one
 * scoring thread ({@link aedmae.watch.BatchScorer}) takes frames from all cameras into batches
 * (full, or after a short timeout), reconstructs them and computes Eq. 6 maps
 * ({@link aedmae.watch.MapScorer}); each camera's {@link aedmae.watch.CausalScorer} turns maps
 * into frame scores with a bounded look-ahead, and its {@link aedmae.watch.EventDetector}
 * (threshold from {@link aedmae.watch.ThresholdCalibration}, hysteresis) raises events that go
 * to the {@link aedmae.watch.EventSink}s: JSON lines, a webhook, snapshots.
 *
 * <p>Interfaces meant for a distributed deployment: {@link aedmae.watch.CameraSet} (cameras
 * added and removed at run time) and {@link aedmae.watch.EventSink}.
 *
 * <p>Shape legend: H, W the model input (preset); arrays are planar [3, H, W] bytes or [H, W] maps.
 */
package aedmae.watch;
