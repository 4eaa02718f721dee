package aedmae.tensor;

/**
 * Where a tensor's storage lives: the CPU, a CUDA device, or the simulated device ({@code sim},
 * a discrete device emulated on the CPU: see {@code aedmae.tensor.sim.SimBackend}).
 *
 * <p>The default device, where {@link Tensor#zeros(int...)}, {@link Tensor#of(float[], int...)}
 * and the other factories without a device put their tensors, is read once from the system
 * property {@code aedmae.device} (cpu when absent), so one property runs the whole test suite on
 * another backend; the command-line tool sets it from {@code --device}.
 */
public record Device(Type type, int index) {
    public enum Type { CPU, CUDA, SIM }

    public static final Device CPU = new Device(Type.CPU, 0);
    public static final Device SIM = new Device(Type.SIM, 0);

    private static volatile Device defaultDevice;

    public static Device cuda(int index) {
        return new Device(Type.CUDA, index);
    }

    /** Parses "cpu", "sim", "cuda" or "cuda:N". */
    public static Device parse(String s) {
        String t = s.trim().toLowerCase();
        if (t.equals("cpu")) return CPU;
        if (t.equals("sim")) return SIM;
        if (t.equals("cuda") || t.equals("gpu")) return cuda(0);
        if (t.startsWith("cuda:")) {
            try {
                int i = Integer.parseInt(t.substring(5));
                if (i >= 0) return cuda(i);
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("unknown device '" + s + "' (expected cpu, sim, cuda or cuda:N)");
    }

    /** The device of the factories without one: {@code -Daedmae.device}, cpu when unset. */
    public static Device defaultDevice() {
        Device d = defaultDevice;
        if (d == null) {
            synchronized (Device.class) {
                if (defaultDevice == null) defaultDevice = parse(System.getProperty("aedmae.device", "cpu"));
                d = defaultDevice;
            }
        }
        return d;
    }

    /** Sets the default device (the command-line tool's {@code --device}); returns the previous one. */
    public static Device setDefault(Device device) {
        synchronized (Device.class) {
            Device before = defaultDevice();
            defaultDevice = device;
            return before;
        }
    }

    /** True for a device with its own memory (everything but the CPU). */
    public boolean isDiscrete() {
        return type != Type.CPU;
    }

    @Override
    public String toString() {
        return switch (type) {
            case CPU -> "cpu";
            case SIM -> "sim";
            case CUDA -> "cuda:" + index;
        };
    }
}
