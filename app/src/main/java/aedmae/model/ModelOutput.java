package aedmae.model;

import aedmae.tensor.Tensor;

/**
 * One forward pass of AED-MAE.
 *
 * @param teacher  [B, L, P*P*4] teacher decoder prediction (patchified frame t and anomaly map)
 * @param student  [B, L, P*P*4] student decoder prediction
 * @param clsLogit [B, 1] classification-head logit (null when the model has no head)
 * @param masking  which tokens were kept
 */
public record ModelOutput(Tensor teacher, Tensor student, Tensor clsLogit, Masking masking) {
    /** The class probability sigmoid(logit) [B, 1] (zeros when there is no head). */
    public Tensor clsProbability() {
        return clsLogit == null ? Tensor.zeros(teacher.device(), teacher.size(0), 1) : clsLogit.sigmoid();
    }
}
