/**
 * Tensors with reverse-mode autograd: {@link aedmae.tensor.Tensor} (strided views over a
 * {@link aedmae.tensor.Storage}), the kernel contract {@link aedmae.tensor.Backend} that the CPU
 * and CUDA backends implement, and the functional API {@link aedmae.tensor.F}.
 *
 * <p>Dimension letters, for this package and for {@code .ops}, {@code .cpu} and {@code .autograd}:
 * <ul>
 *   <li>B batch (samples or images);</li>
 *   <li>T tokens of a sequence; nh attention heads, dh the width of one head, D = nh·dh;</li>
 *   <li>C channels (Cin, Cout where a convolution changes them); H, W height and width of an
 *       image or map; kh, kw a kernel's height and width; Hp, Wp a grid of patches;</li>
 *   <li>rows, cols (or m, n, k) the sides of a matrix product.</li>
 * </ul>
 * Shapes are written {@code [B, C, H, W]}, outermost first; "channels-last" means stored as
 * {@code [B, H, W, C]} behind a {@code [B, C, H, W]} view.
 */
package aedmae.tensor;
