package aedmae.model;

import aedmae.tensor.F;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;

/**
 * The training objectives of AED-MAE (paper Sec. 3), one method per equation: Eq. 1-2
 * {@link #motionWeights} (and, spelled out on plain arrays, {@link #motionWeightsReference}),
 * Eq. 3 {@link #weightedReconstruction}, Eq. 4 {@link #selfDistillation}, Eq. 5
 * {@link #classification}. {@link AedMae#forwardLoss} puts them together per stage; Eq. 6, the
 * anomaly score, is {@code eval.PixelAnomalyMap}.
 *
 * <p>Shapes: predictions [B, L, P*P*4]; target images [B, 4, H, W] (frame t and the
 * anomaly-map channel, normalised to [-1, 1]); token weights [B, L]; class logits and labels [B, 1].
 */
public final class Objectives {
    private Objectives() {}

    /** The floor of the anomaly-map boost: anomalies weigh max(128, max gradient) (docs/model-spec.md). */
    public static final float ANOMALY_FLOOR = 128f;

    /**
     * Token weights w[b, i] (Eq. 1-2; anomaly maps added to the gradients as Sec. 3 says).
     * gradient [B, 3, H, W] in 0..255; anomalyMap [B, 1, H, W] in {0, 1} or null. No gradient.
     */
    public static Tensor motionWeights(Tensor gradient, Tensor anomalyMap, int patch) {
        return F.motionWeights(gradient, anomalyMap, patch, ANOMALY_FLOOR);
    }

    /**
     * Eq. 1-2 written out for the reader (the kernels compute the same numbers; a test holds them
     * together). For each sample b:
     * <pre>
     *   g'      = g + a · max(128, max g)                     the anomaly map a boosts the gradients (Sec. 3)
     *   m[b, i] = (1/3) Σ_c max over the pixels of token i of g'[c]                        Eq. 1
     *   w[b, i] = m[b, i] / Σ_j m[b, j]      (1/L for a sample without any motion)         Eq. 2
     * </pre>
     *
     * @param gradient   {@code [B, 3, H, W]} motion gradients, 0..255
     * @param anomalyMap {@code [B, 1, H, W]} in {0, 1}, or null
     * @return {@code [B, L]} token weights, L = (H/P)·(W/P)
     */
    public static float[] motionWeightsReference(float[] gradient, float[] anomalyMap, int batch, int height, int width, int patch) {
        int plane = height * width, gridW = width / patch, tokens = (height / patch) * gridW;
        float[] weights = new float[batch * tokens];
        for (int b = 0; b < batch; b++) {
            float[] g = java.util.Arrays.copyOfRange(gradient, b * 3 * plane, (b + 1) * 3 * plane);
            if (anomalyMap != null) {
                float boost = ANOMALY_FLOOR;
                for (float v : g) boost = Math.max(boost, v);
                for (int c = 0; c < 3; c++) {
                    for (int q = 0; q < plane; q++) g[c * plane + q] += anomalyMap[b * plane + q] * boost;
                }
            }
            double total = 0;
            for (int i = 0; i < tokens; i++) {
                float m = 0f;                                                   // Eq. 1
                for (int c = 0; c < 3; c++) m += tokenMaximum(g, c * plane, width, patch, i / gridW, i % gridW);
                weights[b * tokens + i] = m / 3f;
                total += m / 3f;
            }
            for (int i = 0; i < tokens; i++) {                                  // Eq. 2
                int k = b * tokens + i;
                weights[k] = total > 0 ? weights[k] * (float) (1.0 / total) : 1f / tokens;
            }
        }
        return weights;
    }

    /** The largest value of one channel plane within the P x P patch of token (row, column). */
    private static float tokenMaximum(float[] g, int channelOffset, int width, int patch, int row, int column) {
        float max = Float.NEGATIVE_INFINITY;
        for (int y = row * patch; y < (row + 1) * patch; y++) {
            for (int x = column * patch; x < (column + 1) * patch; x++) max = Math.max(max, g[channelOffset + y * width + x]);
        }
        return max;
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

    /** The stage-2 loss chosen by {@code kind}: Eq. 4, or the reference code's masked mean. */
    public static Tensor studentLoss(StudentLoss kind, Tensor student, Tensor teacher, Tensor weights, Tensor mask) {
        return kind == StudentLoss.PAPER ? selfDistillation(student, teacher, weights) : selfDistillationMaskedMean(student, teacher, mask);
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
