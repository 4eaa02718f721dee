package aedmae.tensor.sim;

import aedmae.tensor.device.RawMemory;

/**
 * The simulated device's raw memory: float arrays under a capacity (default 4 GiB, or
 * {@code -Daedmae.sim.memoryMiB}), so that out-of-memory takes the CUDA allocator's path.
 */
final class SimMemory implements RawMemory<float[]> {
    private final long capacity;
    private final Runnable sync;
    private long used;

    SimMemory(long capacity, Runnable sync) {
        this.capacity = capacity;
        this.sync = sync;
    }

    /** As cuMemFree must: the stream is idle before memory goes. */
    @Override
    public void synchronize() {
        sync.run();
    }

    @Override
    public synchronized float[] allocate(long bytes) {
        if (used + bytes > capacity || bytes / 4 > Integer.MAX_VALUE - 8) return null;
        used += bytes;
        return new float[(int) (bytes / 4)];
    }

    @Override
    public synchronized void free(float[] handle) {
        used -= 4L * handle.length;
    }
}
