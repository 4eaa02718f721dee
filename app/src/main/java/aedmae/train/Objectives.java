package aedmae.train;

import aedmae.model.Patches;
import aedmae.tensor.F;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;

/**
 * The training objectives of AED-MAE (paper Sec. 3).
 *
 * <p>Shapes: predictions [B, L, P] with P = p*p*4; target images [B, 4, H, W] (frame t and the
 * anomaly-map channel, normalised to [-1, 1]); token weights [B, L]; class logits and labels [B, 1].
 */
public final class Objectives {
    private Objectives() {}

    /** The floor of the anomaly-map boost: anomalies weigh max(128, max gradient) (model-spec). */
    public static final float ANOMALY_FLOOR = 128f;

    /**
     * Token weights w[b, i] (Eq. 1-2; anomaly maps added to the gradients as Sec. 3 says).
     * gradient [B, 3, H, W] in 0..255; anomalyMap [B, 1, H, W] in {0, 1} or null. No gradient.
     */
    public static Tensor motionWeights(Tensor gradient, Tensor anomalyMap, int patch) {
        return F.motionWeights(gradient, anomalyMap, patch, ANOMALY_FLOOR);
    }

    /** Uniform weights 1/L: the ablation without motion weighting. */
    public static Tensor uniformWeights(int batch, int tokens) {
        return Tensor.full(1f / tokens, batch, tokens);
    }

    /** Per-token squared error averaged over the token's P values: [B, L]. */
    public static Tensor tokenErrors(Tensor pred, Tensor target) {
        Shape.check(java.util.Arrays.equals(pred.shape(), target.shape()), "tokenErrors", "prediction and target differ in shape", pred.shape(), target.shape());
        return pred.sub(target).square().mean(-1, false);
    }

    /**
     * Eq. 3: L_wMSE = sum_b sum_i w[b, i] * err[b, i], the teacher's weighted reconstruction
     * error against the (clean) target frame and anomaly map, summed over the batch as the
     * reference code does.
     */
    public static Tensor weightedReconstruction(Tensor teacher, Tensor targetImages, Tensor weights, int patch) {
        Tensor target = Patches.patchify(targetImages, patch);
        return tokenErrors(teacher, target).mul(weights).sum();
    }

    /**
     * Eq. 4: L_SD = sum_b sum_i w[b, i] * ||teacher_i - student_i||^2 / P, the student
     * reproducing the (fixed) teacher, with the same motion weights.
     */
    public static Tensor selfDistillation(Tensor student, Tensor teacher, Tensor weights) {
        return tokenErrors(student, teacher.detach()).mul(weights).sum();
    }

    /** The reference code's student loss: the mean error over the masked tokens only. */
    public static Tensor selfDistillationMaskedMean(Tensor student, Tensor teacher, Tensor mask) {
        Tensor err = tokenErrors(student, teacher.detach());
        return err.mul(mask).sum().div(mask.sum().add(1e-8f));
    }

    /** Eq. 5: binary cross-entropy of the classification head, mean over the batch. logits, labels [B, 1]. */
    public static Tensor classification(Tensor logits, Tensor labels) {
        return F.bceWithLogits(logits, labels);
    }
}
