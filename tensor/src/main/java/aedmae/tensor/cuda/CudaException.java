package aedmae.tensor.cuda;

/** A failed CUDA driver call or kernel launch, with the call and the driver's error name. */
public final class CudaException extends RuntimeException {
    private final int code;

    public CudaException(String message, int code) {
        super(message);
        this.code = code;
    }

    public CudaException(String message) {
        this(message, -1);
    }

    /** The CUresult code, or -1 when the failure did not come from a driver call. */
    public int code() {
        return code;
    }
}
