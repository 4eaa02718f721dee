/**
 * Layers with parameters ({@link aedmae.nn.Module} and its children: Linear, Conv2d, BatchNorm2d,
 * LayerNorm, the CvT attention, MLP and block), the AdamW optimiser, safetensors files and
 * checkpoints under the reference implementation's tensor names.
 *
 * <p>Dimension letters: B batch, D channels of a token (features), h and w the grid the tokens
 * are laid out on (a block's sequence is [CLS] then h·w grid tokens: {@code [B, 1+h*w, D]}),
 * C channels of an image (Cin, Cout), H/W its height and width, k a kernel's side.
 */
package aedmae.nn;
