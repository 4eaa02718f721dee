package aedmae.tensor.device;

/** A device allocation that did not fit, even after collecting garbage and emptying the cache. */
public final class OutOfDeviceMemoryException extends RuntimeException {
    public OutOfDeviceMemoryException(String message) {
        super(message);
    }
}
