package aedmae.tensor.device;

/**
 * Device memory without caching: what {@link CachingAllocator} sits on. The CUDA one is
 * {@code cuda.DeviceMemory} (cuMemAlloc / cuMemFree), the simulated device's holds float arrays; tests use a fake to check the bookkeeping.
 *
 * @param <P> the handle of a block (a device pointer)
 */
public interface RawMemory<P> {
    /** A new block of exactly this many bytes, or null when the device is out of memory. */
    P allocate(long bytes);

    /** Returns a block to the device. */
    void free(P handle);

    /** Waits until no enqueued work can use a block any more; called before blocks are freed. */
    default void synchronize() {}
}
