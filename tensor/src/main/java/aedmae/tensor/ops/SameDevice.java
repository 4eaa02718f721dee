package aedmae.tensor.ops;

import aedmae.tensor.Backend;
import aedmae.tensor.Device;
import aedmae.tensor.Tensor;

/** The device check every op makes on its operands. */
final class SameDevice {
    private SameDevice() {}

    /** All non-null tensors must live on the same device; returns its backend. */
    static Backend backend(String op, Tensor... ts) {
        Device d = null;
        for (Tensor t : ts) {
            if (t == null) continue;
            if (d == null) d = t.device();
            else if (!d.equals(t.device())) {
                throw new IllegalArgumentException(op + ": tensors on different devices " + d + " and " + t.device());
            }
        }
        return ts[0].backend();
    }
}
