/**
 * The maths of scoring and evaluation of AED-MAE (paper Section 3, "Inference", and Section 4.1,
 * "Evaluation"): the pixel-level anomaly map (Eq. 6, {@link aedmae.eval.PixelAnomalyMap}), its
 * spatio-temporal smoothing, frame scores, temporal smoothing and normalisation, and micro and
 * macro frame-level ROC AUC. What a run leaves behind (CSVs, charts, overlays, the protocol card
 * and the report page) is in {@code aedmae.report}.
 *
 * <p>Everything here takes plain arrays and collections; nothing depends on the model or trainer.
 *
 * <p>Dimension letters: T frames of a video, C channels, H/W height and width of a frame or map.
 * Maps and volumes are row-major float arrays: a map is {@code [H, W]}, a volume {@code [T, H, W]},
 * a frame {@code [C, H, W]} unless a method says otherwise. Frame indices are 0-based throughout
 * (the Ped2 ground truth's 1-based ranges are converted by the dataset reader, not here).
 *
 * <p>Labels are {@code int} 0 (normal) / 1 (abnormal); scores are "higher = more abnormal".
 */
package aedmae.eval;
