/**
 * The AED-MAE network and its objectives, step by step as in the paper (docs/model-spec.md,
 * docs/equations.md): {@link aedmae.model.AedMae} ({@code randomMasking}, {@code forwardEncoder},
 * {@code forwardDecoder}, {@code forwardLoss}), {@link aedmae.model.Objectives} (Eq. 1-5),
 * {@link aedmae.model.Patches}, {@link aedmae.model.Masking}, {@link aedmae.model.Preset}.
 *
 * <p>Dimension letters: B batch; H, W the input's height and width; P the patch side; Hp, Wp the
 * token grid (H/P, W/P); L = Hp·Wp tokens, K of them kept by the masking; D the encoder's width,
 * Dd the decoder's; C image channels (9 in, 4 predicted: see datasets.loader.InputLayout). A token's
 * prediction holds P·P·4 values: {@code [B, L, P*P*4]}.
 */
package aedmae.model;
