package aedmae.cli;

import aedmae.tensor.Backends;
import aedmae.tensor.Device;
import picocli.CommandLine.Option;

/**
 * {@code --device}: where the model runs. cpu; sim, the simulated discrete device (CPU kernels
 * behind a device's memory rules, for checking the device path without a GPU); or cuda[:N].
 * The choice becomes the default device, so the model's parameters, the batches it is handed
 * and every tensor made along the way live there.
 */
final class DeviceOption {
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, sim (simulated device) or cuda[:N]; default ${DEFAULT-VALUE}")
    String device = "cpu";

    /** Parses the option, checks the device can be used and makes it the default; returns it. */
    Device apply() {
        Device d = Device.parse(device);
        if (d.type() == Device.Type.CUDA && !Backends.cudaAvailable()) {
            throw new IllegalArgumentException("--device " + device + ": no usable CUDA device: " + Backends.cudaUnavailableReason());
        }
        Device.setDefault(d);
        return d;
    }
}
