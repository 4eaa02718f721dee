/**
 * Scoring videos with a trained model (paper Sec. 3, "Inference"): {@link aedmae.score.FrameLoop},
 * the one frame loop (deterministic reconstructions, then the Eq. 6 map of each frame) that
 * test-time scoring ({@link aedmae.score.VideoScoring}) and validation during training share;
 * {@link aedmae.score.Reconstruction} (complementary maskings); {@link aedmae.score.Evaluation}
 * (a test set: scores, AUCs, report).
 *
 * <p>Dimension letters: B frames of a batch, C channels compared by Eq. 6 (3, or 4 with the
 * anomaly-map channel), H/W the frame's height and width. Frames are {@code [C, H, W]} float
 * arrays; maps {@code [H, W]}.
 */
package aedmae.score;
