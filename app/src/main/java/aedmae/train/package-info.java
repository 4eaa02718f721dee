/**
 * The two-stage training of the paper (Sec. 3): {@link aedmae.train.TeacherStudentTrainer}
 * (stage 1, the teacher; stage 2, the student; a checkpoint per epoch; resumable), model
 * selection on held-out training videos ({@code Validator}, which scores through the shared
 * {@link aedmae.score.FrameLoop}), the run's settings ({@link aedmae.train.TrainConfig}) and the
 * Table 2 ablations ({@code Ablations}).
 *
 * <p>Dimension letters as in {@code aedmae.model}: B batch, L tokens, P patch side, H/W height and
 * width; batches are laid out as {@code datasets.loader.InputLayout} says.
 */
package aedmae.train;
