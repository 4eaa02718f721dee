package aedmae.tensor.cuda;

import jcuda.driver.CUresult;

/** Return-code checking for driver calls: every call goes through {@link #check}. */
final class Driver {
    private Driver() {}

    /** Throws a {@link CudaException} naming the call when result is not CUDA_SUCCESS. */
    static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaException(call + " failed: " + CUresult.stringFor(result), result);
        }
    }
}
