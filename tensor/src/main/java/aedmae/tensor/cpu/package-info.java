/**
 * The CPU backend: one class per kernel (Vector API where it pays), each the twin of the CUDA
 * kernel of the same name in {@code kernels/*.cu}, on flat float arrays with explicit offsets and
 * strides.
 *
 * <p>Dimension letters as in {@code aedmae.tensor}: B batch, T tokens, nh heads, dh head width,
 * C channels, H/W height and width, P patch side; matrices by rows and cols (m, n, k).
 */
package aedmae.tensor.cpu;
