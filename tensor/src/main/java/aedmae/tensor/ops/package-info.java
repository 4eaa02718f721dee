/**
 * One class per differentiable operation, its forward and its backward together, each saving only
 * what its backward needs. The helpers the operations share are named for what they hold:
 * {@code SameDevice} (the operands' device check), {@code OpOutputs} (tensors for results),
 * {@code Broadcasting} (the adjoint of broadcasting) and {@code Dims} (dimension arguments).
 *
 * <p>Dimension letters as in {@code aedmae.tensor}: B batch, T tokens, nh heads, dh head width,
 * C channels, H/W height and width, kh/kw kernel size.
 */
package aedmae.tensor.ops;
