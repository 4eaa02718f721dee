package aedmae.tensor.sim;

import aedmae.tensor.Backend;
import aedmae.tensor.Storage;
import aedmae.tensor.device.BlockReclaimer;
import aedmae.tensor.device.CachingAllocator;

/**
 * A storage in the simulated device's memory: a block of its caching allocator. Its values are
 * not reachable from the host: there is no array to read, only {@link Backend#download} (a
 * counted copy that waits for the device), exactly as with a CUDA storage. The block goes back
 * to the allocator on {@link #close()} ({@link Backend#release}) or when this object becomes
 * unreachable; a use after that throws.
 */
public final class SimStorage extends Storage implements AutoCloseable {
    private final SimBackend backend;
    private final int length;
    private final BlockReclaimer.Ref<CachingAllocator.Block<float[]>> ref;

    SimStorage(SimBackend backend, int length, CachingAllocator.Block<float[]> block) {
        this.backend = backend;
        this.length = length;
        this.ref = backend.reclaimer().register(this, block);
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public int length() {
        return length;
    }

    /** The device memory, for the backend's kernels only; throws once released. */
    float[] memory() {
        CachingAllocator.Block<float[]> b = ref.block();
        if (b == null) throw new IllegalStateException("sim storage of " + length + " floats used after release (its block may already hold another tensor)");
        return b.handle;
    }

    /** Returns the memory to the allocator now (idempotent); the storage must not be used afterwards. */
    @Override
    public void close() {
        backend.reclaimer().close(ref);
    }

    @Override
    public String toString() {
        return "SimStorage[" + length + " floats]";
    }
}
