package aedmae.eval;

/**
 * Correlation of a line with centred weights of odd length {@code 2·radius + 1} (Gaussian weights
 * from {@link GaussianWeights}, or the box weights here), the line extended past its ends by a
 * {@link Boundary} rule: scipy's {@code correlate1d}.
 */
public final class LineCorrelation {
    private LineCorrelation() {}

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
