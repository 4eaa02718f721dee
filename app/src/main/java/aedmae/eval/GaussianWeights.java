package aedmae.eval;

/**
 * The weights of a centred 1-D Gaussian of odd length {@code 2·radius + 1}, normalised to sum 1
 * (the temporal and spatial smoothing of the anomaly scores). {@link LineCorrelation} applies them.
 */
public final class GaussianWeights {
    private GaussianWeights() {}

    /**
     * Gaussian weights {@code exp(-x² / (2σ²))} for x = -radius..radius, divided by their sum: the
     * kernel of {@code scipy.ndimage.gaussian_filter1d} (order 0). σ = 0 gives the identity kernel.
     */
    public static double[] of(double sigma, int radius) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("Gaussian kernel: sigma must be finite and >= 0, got " + sigma);
        if (radius < 0) throw new IllegalArgumentException("Gaussian kernel: radius must be >= 0, got " + radius);
        double[] k = new double[2 * radius + 1];
        if (sigma == 0) {
            k[radius] = 1;
            return k;
        }
        double sum = 0;
        for (int i = 0; i < k.length; i++) {
            double x = i - radius;
            k[i] = Math.exp(-0.5 / (sigma * sigma) * x * x);
            sum += k[i];
        }
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        return k;
    }

    /** Radius scipy uses for a Gaussian of σ truncated at {@code truncate}·σ: {@code (int)(truncate·σ + 0.5)}. */
    public static int radius(double sigma, double truncate) {
        return (int) (truncate * sigma + 0.5);
    }
}
