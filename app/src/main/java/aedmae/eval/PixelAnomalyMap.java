package aedmae.eval;

/**
 * The pixel-level anomaly map of one frame, paper Eq. 6:
 * <pre>
 *   o_t = α·‖x_t − x̂_t‖² + β·‖x̂_t − x̃_t‖² + γ·ŷ_t
 * </pre>
 * where x_t is the input frame, x̂_t the teacher's reconstruction, x̃_t the student's, ŷ_t the
 * classification head's probability for the frame. The squared norms are taken per pixel over the
 * channels (a sum, not a mean); ŷ_t is one number added to every pixel of the map.
 *
 * <p>Which channels enter the norms (the 3 frame channels, or also the anomaly-map channel the
 * decoders predict) is the caller's choice: pass only the channels to compare.
 */
public final class PixelAnomalyMap {
    private PixelAnomalyMap() {}

    /**
     * Computes Eq. 6 for one frame.
     *
     * @param frame            {@code [C, H, W]} x_t; not modified
     * @param teacher          {@code [C, H, W]} x̂_t; not modified
     * @param student          {@code [C, H, W]} x̃_t; not modified; may be null when β = 0
     * @param classProbability ŷ_t in [0, 1]; ignored when γ = 0
     * @param channels         C
     * @param height           H
     * @param width            W
     * @param weights          α, β, γ
     * @param out              {@code [H, W]} overwritten with o_t
     */
    public static void compute(float[] frame, float[] teacher, float[] student, double classProbability,
                               int channels, int height, int width, ScoreWeights weights, float[] out) {
        int plane = height * width;
        int n = channels * plane;
        if (frame.length != n || teacher.length != n) {
            throw new IllegalArgumentException("Eq. 6: frame has " + frame.length + " values and teacher " + teacher.length
                    + ", expected " + channels + "x" + height + "x" + width + " = " + n);
        }
        boolean useStudent = weights.beta() != 0;
        if (useStudent && (student == null || student.length != n)) {
            throw new IllegalArgumentException("Eq. 6: beta = " + weights.beta() + " needs a student reconstruction of "
                    + n + " values, got " + (student == null ? "none" : student.length));
        }
        if (out.length != plane) throw new IllegalArgumentException("Eq. 6: out has " + out.length + " values, expected " + plane);
        if (weights.gamma() != 0 && !(classProbability >= 0 && classProbability <= 1)) {
            throw new IllegalArgumentException("Eq. 6: class probability must be in [0, 1], got " + classProbability);
        }
        double constant = weights.gamma() == 0 ? 0 : weights.gamma() * classProbability;
        for (int p = 0; p < plane; p++) {
            double err = squaredDistance(frame, teacher, channels, plane, p);
            double disc = useStudent ? squaredDistance(teacher, student, channels, plane, p) : 0;
            out[p] = (float) (weights.alpha() * err + weights.beta() * disc + constant);
        }
    }

    /**
     * One squared-norm term of Eq. 6 at one pixel: {@code ‖a − b‖²} over the C channels, summed
     * in channel order (the teacher error with a = x_t, b = x̂_t; the discrepancy with a = x̂_t,
     * b = x̃_t).
     *
     * @param a     {@code [C, H, W]}
     * @param b     {@code [C, H, W]}
     * @param plane H·W
     * @param pixel the pixel's index in the plane
     */
    public static double squaredDistance(float[] a, float[] b, int channels, int plane, int pixel) {
        double s = 0;
        for (int c = 0; c < channels; c++) {
            double d = a[c * plane + pixel] - b[c * plane + pixel];
            s += d * d;
        }
        return s;
    }
}
