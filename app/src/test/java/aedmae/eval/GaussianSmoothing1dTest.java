package aedmae.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Expected values come from scipy 1.17.1 {@code scipy.ndimage.gaussian_filter1d} in float64. */
class GaussianSmoothing1dTest {
    static final double TOL = 1e-14;

    @Test
    void deltaImpulseGivesTheNormalisedKernel() {
        double[] x = new double[21];
        x[10] = 1;
        double[] expected = {0.0, 0.0, 6.691628957263553e-05, 0.0004363490205067883, 0.002215963172596555,
                0.00876430436278587, 0.026995957967298846, 0.06475993660472744, 0.12098748976534904, 0.17603575888479034,
                0.199474647864745, 0.17603575888479034, 0.12098748976534904, 0.06475993660472744, 0.026995957967298846,
                0.00876430436278587, 0.002215963172596555, 0.0004363490205067883, 6.691628957263553e-05, 0.0, 0.0};
        GaussianSmoothing1d g = GaussianSmoothing1d.scipy(2.0);
        assertEquals(8, g.radius(), "scipy radius int(4*2 + 0.5)");
        assertArrayEquals(expected, g.apply(x), TOL);
        double sum = 0;
        for (double k : g.kernel()) sum += k;
        assertEquals(1.0, sum, 1e-15);
    }

    @Test
    void boundaryModesOnAShortRamp() {
        double[] x = {1, 2, 3, 4, 5};
        double[] k = GaussianWeights.of(1.0, 4);
        assertArrayEquals(new double[] {1.4270409503911736, 2.0678220347792573, 3.0, 3.932177965220743, 4.572959049608827},
                filter(x, k, Boundary.REFLECT), TOL);
        assertArrayEquals(new double[] {1.7275692157131246, 2.126245023819993, 3.0, 3.8737549761800074, 4.272430784286875},
                filter(x, k, Boundary.MIRROR), TOL);
        assertArrayEquals(new double[] {1.3637846078565623, 2.0631225119099965, 3.0, 3.9368774880900035, 4.636215392143438},
                filter(x, k, Boundary.NEAREST), TOL);
        assertArrayEquals(new double[] {1.0632563425346113, 2.0038965391215724, 2.972605846532124, 3.643959559138637, 3.133574065533682},
                filter(x, k, Boundary.CONSTANT), TOL);
    }

    @Test
    void kernelWiderThanTheLineReflectsRepeatedly() {
        // sigma 3: radius 12 over 3 samples.
        assertArrayEquals(new double[] {1.9820450903807927, 1.9999872835413628, 2.017967626077845},
                GaussianSmoothing1d.scipy(3.0).apply(new double[] {0, 1, 5}), TOL);
        assertArrayEquals(new double[] {7.000000000000001}, GaussianSmoothing1d.scipy(2.0).apply(new double[] {7}), TOL);
    }

    @Test
    void explicitWindowOf37FramesMatchesScipyRadius18() {
        double[] y = {0.637, 0.27, 0.041, 0.017, 0.813, 0.913, 0.607, 0.729, 0.544, 0.935, 0.816, 0.003, 0.857, 0.034,
                0.73, 0.176, 0.863, 0.541, 0.3, 0.423, 0.028, 0.124, 0.671, 0.647, 0.615, 0.384, 0.997, 0.981, 0.686, 0.65,
                0.688, 0.389, 0.135, 0.721, 0.525, 0.31, 0.486, 0.889, 0.934, 0.358, 0.572, 0.322, 0.594, 0.338, 0.392, 0.89,
                0.227, 0.623, 0.084, 0.833};
        double[] expected = {0.5174748641930975, 0.5160925515921451, 0.507689799049521, 0.5062400309601371,
                0.5044117147322948, 0.509075779091626, 0.5055001019824958, 0.5078076945805211, 0.5082903971406328,
                0.5087399341715053, 0.5109773689507786, 0.511540129374725, 0.5141764086353839, 0.5113983062202907,
                0.5072646042115971, 0.5162115565199875, 0.5224691324641442, 0.5238122061693995, 0.5231195148666506,
                0.5268434892552176, 0.535151871898102, 0.5398923723246246, 0.5463163602208204, 0.5425134206907821,
                0.5409011831995392, 0.5400512323641572, 0.5384347273494889, 0.5436240932715214, 0.538746696273426,
                0.5389351497349021, 0.540986919031827, 0.5413934327096701, 0.5497578526210258, 0.5434756565778995,
                0.5471203919767219, 0.5398055445303671, 0.5420679287695349, 0.5416116863464224, 0.5387742989454853,
                0.5415973315652172, 0.540059428892504, 0.5353896105888738, 0.5290746869972052, 0.5291078295710027,
                0.5316637570552931, 0.5250981109536401, 0.517704447783894, 0.5157202671447564, 0.5164868578226385,
                0.5114012686265064};
        GaussianSmoothing1d g = GaussianSmoothing1d.window(11, 37);
        assertEquals(18, g.radius());
        assertArrayEquals(expected, g.apply(y), TOL);
        // The scipy default for sigma 11 (radius 44) differs: first values from scipy.
        double[] full = GaussianSmoothing1d.scipy(11).apply(y);
        assertEquals(44, GaussianSmoothing1d.scipy(11).radius());
        assertArrayEquals(new double[] {0.5100692709171457, 0.5101536937938025, 0.5103074282847566, 0.5105445479734223,
                0.5108486528609962}, java.util.Arrays.copyOf(full, 5), TOL);
    }

    @Test
    void sigmaZeroIsTheIdentity() {
        double[] x = {3, 1, 4, 1, 5};
        assertArrayEquals(x, GaussianSmoothing1d.none().apply(x));
        assertArrayEquals(x, GaussianSmoothing1d.scipy(0).apply(x));
    }

    @Test
    void evenWindowIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> GaussianSmoothing1d.window(11, 36));
    }

    @Test
    void boundaryIndexRules() {
        // a b c d at 0..3
        assertEquals(0, Boundary.REFLECT.index(-1, 4));
        assertEquals(3, Boundary.REFLECT.index(-4, 4));
        assertEquals(3, Boundary.REFLECT.index(-5, 4)); // d c b a | a b c d: -5 wraps into the next period
        assertEquals(3, Boundary.REFLECT.index(4, 4));
        assertEquals(1, Boundary.MIRROR.index(-1, 4));
        assertEquals(2, Boundary.MIRROR.index(4, 4));
        assertEquals(0, Boundary.NEAREST.index(-7, 4));
        assertEquals(-1, Boundary.CONSTANT.index(4, 4));
        assertEquals(0, Boundary.MIRROR.index(5, 1));
    }

    @Test
    void minMaxNormalisation() {
        assertArrayEquals(new double[] {0.25, 0, 1, 0.5}, MinMaxNormalisation.apply(new double[] {2, 1, 5, 3}), 1e-15);
        assertArrayEquals(new double[] {0, 0, 0}, MinMaxNormalisation.apply(new double[] {4, 4, 4}));
        double[] in = {2, 1, 5};
        MinMaxNormalisation.apply(in);
        assertArrayEquals(new double[] {2, 1, 5}, in, "input untouched");
        assertThrows(IllegalArgumentException.class, () -> MinMaxNormalisation.apply(new double[] {1, Double.NaN}));
    }

    private static double[] filter(double[] x, double[] k, Boundary b) {
        double[] out = new double[x.length];
        LineCorrelation.correlate(x, out, k, b);
        return out;
    }
}
