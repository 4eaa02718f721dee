package aedmae.eval;

/**
 * The temporal Gaussian filter applied to a video's frame scores (paper Section 3, "Inference":
 * "apply another temporal Gaussian filter to smooth the values").
 *
 * <p>{@link #scipy(double)} reproduces {@code scipy.ndimage.gaussian_filter1d(x, sigma)}: kernel
 * radius {@code (int)(4σ + 0.5)}, mode {@code reflect}. {@link #window(double, int)} fixes the window
 * length instead: the reference Avenue setting is σ = 11 over a 37-frame window, i.e.
 * {@code window(11, 37)} (radius 18; how the reference treats the video's ends is not stated in the
 * spec, so we keep scipy's reflect).
 *
 * @param sigma    standard deviation in frames; 0 = no smoothing
 * @param radius   the kernel covers {@code 2·radius + 1} frames
 * @param boundary how the score sequence is extended past its ends
 */
public record GaussianSmoothing1d(double sigma, int radius, Boundary boundary) {
    /** scipy's default truncation of the Gaussian, in units of σ. */
    public static final double SCIPY_TRUNCATE = 4.0;

    public GaussianSmoothing1d {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("temporal smoothing: sigma must be finite and >= 0, got " + sigma);
        if (radius < 0) throw new IllegalArgumentException("temporal smoothing: radius must be >= 0, got " + radius);
        if (boundary == null) throw new IllegalArgumentException("temporal smoothing: boundary is null");
    }

    /** {@code scipy.ndimage.gaussian_filter1d(x, sigma)}: truncate 4, reflect. */
    public static GaussianSmoothing1d scipy(double sigma) {
        return scipy(sigma, SCIPY_TRUNCATE);
    }

    /** {@code scipy.ndimage.gaussian_filter1d(x, sigma, truncate=truncate)}, reflect. */
    public static GaussianSmoothing1d scipy(double sigma, double truncate) {
        return new GaussianSmoothing1d(sigma, GaussianWeights.radius(sigma, truncate), Boundary.REFLECT);
    }

    /** A Gaussian of σ over an explicit odd window length (e.g. 37 frames = radius 18), reflect. */
    public static GaussianSmoothing1d window(double sigma, int windowLength) {
        if (windowLength < 1 || windowLength % 2 == 0) {
            throw new IllegalArgumentException("temporal smoothing: window length must be odd and >= 1, got " + windowLength);
        }
        return new GaussianSmoothing1d(sigma, windowLength / 2, Boundary.REFLECT);
    }

    /** No smoothing: the identity. */
    public static GaussianSmoothing1d none() {
        return new GaussianSmoothing1d(0, 0, Boundary.REFLECT);
    }

    /** Window length {@code 2·radius + 1}. */
    public int windowLength() {
        return 2 * radius + 1;
    }

    /** The normalised kernel, {@code [2·radius + 1]}. */
    public double[] kernel() {
        return GaussianWeights.of(sigma, radius);
    }

    /** Smoothed copy of the scores; the input is not modified. */
    public double[] apply(double[] scores) {
        double[] out = new double[scores.length];
        if (scores.length == 0) return out;
        LineCorrelation.correlate(scores, out, kernel(), boundary);
        return out;
    }
}
