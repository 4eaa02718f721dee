package aedmae.eval;

/**
 * The spatio-temporal 3-D filter applied to a video's anomaly-map volume {@code [T, H, W]} before
 * frame scores are taken (paper Section 3, "Inference": "we apply spatio-temporal 3D filtering to
 * smooth the anomaly volumes"). The paper names no kernel or size; this record makes the choice
 * explicit so the protocol card can state it. The filter is separable: one 1-D kernel along x, then
 * y, then t, each of odd length {@code 2·radius + 1}, the volume extended by {@code boundary}.
 *
 * @param kind     {@link Kind#GAUSSIAN} (σ per axis), {@link Kind#BOX} (mean over the radius) or {@link Kind#NONE}
 * @param sigmaT   Gaussian σ along time, in frames (ignored for box / none)
 * @param sigmaY   Gaussian σ along y, in pixels
 * @param sigmaX   Gaussian σ along x, in pixels
 * @param radiusT  kernel radius along time (0 = that axis untouched)
 * @param radiusY  kernel radius along y
 * @param radiusX  kernel radius along x
 * @param boundary how the volume is extended past its edges on every axis
 */
public record MapSmoothing(Kind kind, double sigmaT, double sigmaY, double sigmaX,
                           int radiusT, int radiusY, int radiusX, Boundary boundary) {
    /** The kernel family. */
    public enum Kind { GAUSSIAN, BOX, NONE }

    public MapSmoothing {
        if (kind == null || boundary == null) throw new IllegalArgumentException("map smoothing: kind and boundary must be set");
        if (radiusT < 0 || radiusY < 0 || radiusX < 0) {
            throw new IllegalArgumentException("map smoothing: radii must be >= 0, got " + radiusT + ", " + radiusY + ", " + radiusX);
        }
        if (kind == Kind.GAUSSIAN && !(sigmaT >= 0 && sigmaY >= 0 && sigmaX >= 0)) {
            throw new IllegalArgumentException("map smoothing: sigmas must be >= 0, got " + sigmaT + ", " + sigmaY + ", " + sigmaX);
        }
    }

    /** Gaussian with σ_t in frames and σ_s in pixels on both spatial axes, truncated at 4σ (scipy's default), reflect. */
    public static MapSmoothing gaussian(double sigmaT, double sigmaSpatial) {
        return new MapSmoothing(Kind.GAUSSIAN, sigmaT, sigmaSpatial, sigmaSpatial,
                GaussianWeights.radius(sigmaT, GaussianSmoothing1d.SCIPY_TRUNCATE),
                GaussianWeights.radius(sigmaSpatial, GaussianSmoothing1d.SCIPY_TRUNCATE),
                GaussianWeights.radius(sigmaSpatial, GaussianSmoothing1d.SCIPY_TRUNCATE), Boundary.REFLECT);
    }

    /** Mean filter over a (2r_t+1)×(2r_s+1)×(2r_s+1) box, reflect. */
    public static MapSmoothing box(int radiusT, int radiusSpatial) {
        return new MapSmoothing(Kind.BOX, 0, 0, 0, radiusT, radiusSpatial, radiusSpatial, Boundary.REFLECT);
    }

    /** No 3-D smoothing. */
    public static MapSmoothing none() {
        return new MapSmoothing(Kind.NONE, 0, 0, 0, 0, 0, 0, Boundary.REFLECT);
    }

    /** Temporal kernel {@code [2·radiusT + 1]}. */
    public double[] kernelT() {
        return kernel(sigmaT, radiusT);
    }

    /** Kernel along y {@code [2·radiusY + 1]}. */
    public double[] kernelY() {
        return kernel(sigmaY, radiusY);
    }

    /** Kernel along x {@code [2·radiusX + 1]}. */
    public double[] kernelX() {
        return kernel(sigmaX, radiusX);
    }

    private double[] kernel(double sigma, int radius) {
        switch (kind) {
            case GAUSSIAN: return GaussianWeights.of(sigma, radius);
            case BOX: return LineCorrelation.box(radius);
            default: return new double[] {1};
        }
    }
}
