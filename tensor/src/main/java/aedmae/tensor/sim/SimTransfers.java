package aedmae.tensor.sim;

/**
 * What crossed between host and simulated device, and how much work was enqueued.
 *
 * @param uploads        host-to-device copies
 * @param uploadBytes    bytes copied to the device
 * @param downloads      device-to-host copies (each one a synchronisation)
 * @param downloadBytes  bytes copied to the host
 * @param kernels        kernels enqueued
 */
public record SimTransfers(long uploads, long uploadBytes, long downloads, long downloadBytes, long kernels) {
    /** The transfers and kernels since an earlier snapshot. */
    public SimTransfers since(SimTransfers before) {
        return new SimTransfers(uploads - before.uploads, uploadBytes - before.uploadBytes, downloads - before.downloads,
                downloadBytes - before.downloadBytes, kernels - before.kernels);
    }
}
