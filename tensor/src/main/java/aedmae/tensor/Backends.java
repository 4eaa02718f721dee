package aedmae.tensor;

import aedmae.tensor.cpu.CpuBackend;
import aedmae.tensor.sim.SimBackend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the backend of a device. The CPU backend and the simulated device always exist; the CUDA backend is looked up
 * by name ({@code aedmae.tensor.cuda.CudaBackend}) only when a CUDA device is asked for, so
 * machines without a GPU never load JCuda's native libraries.
 */
public final class Backends {
    private static final Map<Device, Backend> BACKENDS = new ConcurrentHashMap<>();

    private Backends() {}

    public static Backend cpu() {
        return CpuBackend.INSTANCE;
    }

    /** The simulated discrete device (see {@link SimBackend}). */
    public static SimBackend sim() {
        return SimBackend.INSTANCE;
    }

    public static Backend get(Device device) {
        return switch (device.type()) {
            case CPU -> CpuBackend.INSTANCE;
            case SIM -> SimBackend.INSTANCE;
            case CUDA -> BACKENDS.computeIfAbsent(device, Backends::loadCuda);
        };
    }

    /** True when a CUDA device with our kernels can be used; never throws. */
    public static boolean cudaAvailable() {
        try {
            Class<?> c = Class.forName("aedmae.tensor.cuda.CudaBackend");
            return (Boolean) c.getMethod("isAvailable").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    /** Why CUDA cannot be used here, in one line (or null when it can). */
    public static String cudaUnavailableReason() {
        try {
            Class<?> c = Class.forName("aedmae.tensor.cuda.CudaBackend");
            return (String) c.getMethod("unavailableReason").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return "CUDA backend not built into this jar (" + e + ")";
        }
    }

    private static Backend loadCuda(Device device) {
        try {
            Class<?> c = Class.forName("aedmae.tensor.cuda.CudaBackend");
            return (Backend) c.getMethod("open", int.class).invoke(null, device.index());
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("cannot open " + device + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot open " + device + ": " + e, e);
        }
    }
}
