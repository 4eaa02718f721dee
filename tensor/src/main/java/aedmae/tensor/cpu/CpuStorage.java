package aedmae.tensor.cpu;

import aedmae.tensor.Backend;
import aedmae.tensor.Storage;

/** A storage in the Java heap: a float array. */
public final class CpuStorage extends Storage {
    public final float[] data;

    public CpuStorage(float[] data) {
        this.data = data;
    }

    @Override
    public Backend backend() {
        return CpuBackend.active();
    }

    @Override
    public int length() {
        return data.length;
    }
}
