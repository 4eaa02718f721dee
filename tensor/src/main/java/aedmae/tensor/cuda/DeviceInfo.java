package aedmae.tensor.cuda;

/**
 * What the driver reports about a device.
 *
 * @param name                 the marketing name ("NVIDIA H100 80GB HBM3")
 * @param major                compute capability, major (9 on Hopper)
 * @param minor                compute capability, minor
 * @param multiprocessors      SM count
 * @param totalMemory          bytes of device memory
 * @param sharedPerBlockOptin  the most dynamic shared memory a block can opt in to, bytes
 * @param l2Bytes              L2 cache size, bytes
 * @param memoryClockKHz       memory clock (kHz), for the datasheet bandwidth
 * @param busWidthBits         memory bus width (bits)
 * @param driverVersion        e.g. 13000 for CUDA 13.0
 */
public record DeviceInfo(String name, int major, int minor, int multiprocessors, long totalMemory,
                         int sharedPerBlockOptin, int l2Bytes, int memoryClockKHz, int busWidthBits,
                         int driverVersion) {
    /** Datasheet DRAM bandwidth in bytes/s (double data rate): a lead; measure the real ceiling. */
    public double datasheetBandwidth() {
        return 2.0 * memoryClockKHz * 1e3 * busWidthBits / 8.0;
    }

    @Override
    public String toString() {
        return String.format("%s (sm_%d%d, %d SMs, %.1f GiB, L2 %d MiB), driver CUDA %d.%d",
                name, major, minor, multiprocessors, totalMemory / 1073741824.0, l2Bytes >> 20,
                driverVersion / 1000, driverVersion % 1000 / 10);
    }
}
