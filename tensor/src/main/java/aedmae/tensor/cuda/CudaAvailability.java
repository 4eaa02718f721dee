package aedmae.tensor.cuda;

import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Whether this process can use a CUDA device with our kernels, probed once: kernels on the
 * class path, JCuda's driver bindings loadable (they need libcuda.so.1), cuInit, at least one
 * device. Never throws: every failure, native-library errors included, becomes a one-line
 * reason.
 */
final class CudaAvailability {
    private static volatile String reason;
    private static volatile boolean probed;

    private CudaAvailability() {}

    static boolean isAvailable() {
        return unavailableReason() == null;
    }

    /** Why CUDA cannot be used, in one line, or null when it can. */
    static String unavailableReason() {
        if (!probed) {
            synchronized (CudaAvailability.class) {
                if (!probed) {
                    reason = probe();
                    probed = true;
                }
            }
        }
        return reason;
    }

    private static String probe() {
        try {
            String missing = KernelModules.firstMissingResource();
            if (missing != null) {
                return "CUDA kernels are not in this build (" + missing + " missing: nvcc was not found when it was built)";
            }
            int r;
            try {
                JCudaDriver.setExceptionsEnabled(false);
                r = JCudaDriver.cuInit(0);
            } catch (Throwable t) { // UnsatisfiedLinkError and friends from the native loader
                return driverLoadReason(t);
            }
            if (r != CUresult.CUDA_SUCCESS) {
                return "cuInit failed: " + CUresult.stringFor(r) + (r == CUresult.CUDA_ERROR_NO_DEVICE ? " (no CUDA device)" : "");
            }
            int[] count = new int[1];
            r = JCudaDriver.cuDeviceGetCount(count);
            if (r != CUresult.CUDA_SUCCESS) return "cuDeviceGetCount failed: " + CUresult.stringFor(r);
            if (count[0] == 0) return "no CUDA device";
            return null;
        } catch (Throwable t) {
            return "CUDA probe failed: " + oneLine(t);
        }
    }

    /** The reason for a failure to load JCuda's native driver bindings, in one line. */
    static String driverLoadReason(Throwable t) {
        String all = String.valueOf(t.getMessage()) + (t.getCause() != null ? " " + t.getCause().getMessage() : "");
        if (all.contains("libcuda")) return "no NVIDIA driver (libcuda.so.1 cannot be loaded)";
        return "JCuda driver bindings cannot be loaded: " + oneLine(t);
    }

    /** A throwable as one short line: its class and the first line of its message. */
    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null) return t.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        if (m.length() > 200) m = m.substring(0, 200) + "...";
        return t.getClass().getSimpleName() + ": " + m.trim();
    }
}
