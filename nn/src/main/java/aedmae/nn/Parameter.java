package aedmae.nn;

import aedmae.tensor.Tensor;

/**
 * A named slot of a module holding a tensor: a trainable parameter or a buffer (running
 * statistics). The slot, not the tensor, is what the module keeps, so moving a model to another
 * device or loading a checkpoint swaps tensors without touching the layer code.
 */
public final class Parameter {
    /** How a buffer is stored in checkpoints (BatchNorm's num_batches_tracked is int64 in PyTorch). */
    public enum StoredAs { F32, I64 }

    private Tensor value;
    private final boolean buffer;
    private final StoredAs storedAs;

    Parameter(Tensor value, boolean buffer, StoredAs storedAs) {
        this.buffer = buffer;
        this.storedAs = storedAs;
        set(value);
    }

    public Tensor get() {
        return value;
    }

    /** Replaces the tensor (same shape expected by callers); parameters get requiresGrad. */
    public void set(Tensor t) {
        boolean trainable = !buffer && (value == null || value.requiresGrad());
        this.value = t.detach().requiresGrad(trainable);
    }

    public boolean isBuffer() {
        return buffer;
    }

    public StoredAs storedAs() {
        return storedAs;
    }

    /** Trainable parameters (not frozen, not buffers). */
    public boolean trainable() {
        return !buffer && value.requiresGrad();
    }

    void setTrainable(boolean trainable) {
        if (!buffer) value.requiresGrad(trainable);
    }
}
