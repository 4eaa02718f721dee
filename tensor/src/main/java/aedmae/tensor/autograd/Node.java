package aedmae.tensor.autograd;

import aedmae.tensor.Tensor;

/**
 * One recorded operation of the autograd graph: the inputs it read, whatever it saved for the
 * backward pass, and the rule that turns the gradient of its output into gradients of its inputs.
 *
 * <p>Each differentiable operation in {@code aedmae.tensor.ops} is a subclass whose static
 * {@code apply} computes the forward result and whose {@link #backward} sits just below it.
 * Backward runs with graph recording disabled, using ordinary tensor operations, so it works
 * on every backend.
 */
public abstract class Node {
    private Tensor[] inputs;

    protected Node(Tensor... inputs) {
        this.inputs = inputs;
    }

    /** The tensors this operation read (null once released). */
    public final Tensor[] inputs() {
        return inputs;
    }

    /** True when input i needs a gradient. */
    protected final boolean needs(int i) {
        return inputs[i] != null && inputs[i].requiresGrad();
    }

    /**
     * Gradients with respect to each input, given the gradient of the output (same shape as the
     * output). An entry may be null where the input needs no gradient. Implementations must not
     * modify gradOutput.
     */
    public abstract Tensor[] backward(Tensor gradOutput);

    /** Drops the references that keep graph memory alive. Subclasses drop saved tensors too. */
    public void release() {
        inputs = null;
    }

    public final boolean released() {
        return inputs == null;
    }

    public String name() {
        return getClass().getSimpleName();
    }

    /** True when an operation on these inputs must be recorded. */
    public static boolean recording(Tensor... ts) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : ts) if (t != null && t.requiresGrad()) return true;
        return false;
    }
}
