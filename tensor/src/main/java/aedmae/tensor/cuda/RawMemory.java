package aedmae.tensor.cuda;

/**
 * Device memory without caching: what {@link CachingAllocator} sits on. The real one is
 * {@link DeviceMemory} (cuMemAlloc / cuMemFree); tests use a fake to check the bookkeeping.
 *
 * @param <P> the handle of a block (a device pointer)
 */
interface RawMemory<P> {
    /** A new block of exactly this many bytes, or null when the device is out of memory. */
    P allocate(long bytes);

    /** Returns a block to the device. */
    void free(P handle);
}
