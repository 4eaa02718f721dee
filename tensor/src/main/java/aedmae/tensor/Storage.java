package aedmae.tensor;

/**
 * A flat buffer of float32 values owned by one backend. Tensors are views (shape, strides,
 * offset) over a storage; several tensors may share one.
 */
public abstract class Storage {
    /** The backend whose kernels read and write this storage. */
    public abstract Backend backend();

    /** Capacity in floats. */
    public abstract int length();
}
