package aedmae.tensor.cuda;

/**
 * The arithmetic of a kernel variant, with the relative error band its results are expected to
 * stay in against an FP32 reference (norm of the difference over the norm of the reference).
 */
public enum Precision {
    /** FP32 operands and accumulation. */
    FP32(1e-5),
    /**
     * Tensor cores on TF32 operands (10-bit mantissa, round to nearest), FP32 accumulation:
     * about 3e-4 expected for a GEMM, up to about 7e-4 for attention (two rounded products).
     */
    TF32(2e-3),
    /** Tensor cores on BF16 operands (7-bit mantissa), FP32 accumulation. */
    BF16(1e-2);

    private final double band;

    Precision(double band) {
        this.band = band;
    }

    /** Expected bound of ||out - ref|| / ||ref|| for random inputs of unit scale. */
    public double relativeErrorBand() {
        return band;
    }
}
