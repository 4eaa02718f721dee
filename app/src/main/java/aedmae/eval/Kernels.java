package aedmae.eval;

/**
 * Centred 1-D smoothing kernels of odd length {@code 2·radius + 1}, normalised to sum 1.
 */
public final class Kernels {
    private Kernels() {}

    /**
     * Gaussian weights {@code exp(-x² / (2σ²))} for x = -radius..radius, divided by their sum: the
     * kernel of {@code scipy.ndimage.gaussian_filter1d} (order 0). σ = 0 gives the identity kernel.
     */
    public static double[] gaussian(double sigma, int radius) {
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
    public static int gaussianRadius(double sigma, double truncate) {
        return (int) (truncate * sigma + 0.5);
    }

    /** Mean (box) kernel of the given radius. */
    public static double[] box(int radius) {
        if (radius < 0) throw new IllegalArgumentException("box kernel: radius must be >= 0, got " + radius);
        double[] k = new double[2 * radius + 1];
        java.util.Arrays.fill(k, 1.0 / k.length);
        return k;
    }

    /** Radius of a centred kernel; throws when its length is even. */
    public static int radiusOf(double[] kernel) {
        if (kernel.length % 2 == 0) throw new IllegalArgumentException("kernel length " + kernel.length + " is not odd");
        return kernel.length / 2;
    }

    /**
     * Correlates a line with a centred kernel: {@code out[i] = Σ_k kernel[k] · in[i + k - r]}, the line
     * extended past its ends by the boundary rule (scipy's {@code correlate1d}; Gaussian and box
     * kernels are symmetric, so this is also the convolution).
     *
     * @param in     {@code [n]} the line; not modified
     * @param out    {@code [n]} overwritten; must not alias {@code in}
     * @param kernel {@code [2r+1]}; not modified
     */
    public static void correlate(double[] in, double[] out, double[] kernel, Boundary boundary) {
        int n = in.length;
        int r = radiusOf(kernel);
        if (out.length != n) throw new IllegalArgumentException("correlate: out has " + out.length + " elements, in has " + n);
        if (out == in) throw new IllegalArgumentException("correlate: out must not alias in");
        for (int i = 0; i < n; i++) {
            double acc = 0;
            if (i - r >= 0 && i + r < n) {
                for (int k = 0; k < kernel.length; k++) acc += kernel[k] * in[i + k - r];
            } else {
                for (int k = 0; k < kernel.length; k++) {
                    int j = boundary.index(i + k - r, n);
                    if (j >= 0) acc += kernel[k] * in[j];
                }
            }
            out[i] = acc;
        }
    }
}
