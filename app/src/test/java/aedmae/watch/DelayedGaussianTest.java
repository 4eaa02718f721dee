package aedmae.watch;

import aedmae.eval.GaussianSmoothing1d;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class DelayedGaussianTest {
    private static double[] run(DelayedGaussian g, double[] x) {
        double[] out = new double[x.length];
        int k = 0;
        for (double v : x) {
            double s = g.push(v);
            if (!Double.isNaN(s)) out[k++] = s;
        }
        for (double s : g.drain()) out[k++] = s;
        assertEquals(x.length, k, "every frame gets exactly one score");
        return out;
    }

    @Test
    void fullLookAheadIsTheOfflineFilterAwayFromTheEnds() {
        GaussianSmoothing1d f = GaussianSmoothing1d.scipy(2);
        double[] x = new SplittableRandom(3).doubles(60).toArray();
        double[] offline = f.apply(x), live = run(new DelayedGaussian(f, f.radius()), x);
        for (int t = f.radius(); t < x.length - f.radius(); t++) assertEquals(offline[t], live[t], 1e-12, "frame " + t);
    }

    @Test
    void aCausalFilterIgnoresTheFuture() {
        GaussianSmoothing1d f = GaussianSmoothing1d.scipy(2);
        double[] x = new SplittableRandom(4).doubles(40).toArray();
        double[] y = x.clone();
        y[30] += 100; // a spike at frame 30
        double[] a = run(new DelayedGaussian(f, 0), x), b = run(new DelayedGaussian(f, 0), y);
        for (int t = 0; t < 30; t++) assertEquals(a[t], b[t], 0, "frame " + t + " cannot see frame 30");
        assertTrue(b[30] > a[30] + 1);
        double[] c = run(new DelayedGaussian(f, 3), y);
        assertTrue(c[27] > a[27] + 1, "with look-ahead 3, frame 27 sees frame 30");
        assertEquals(run(new DelayedGaussian(f, 3), x)[26], c[26], 0, "but frame 26 does not");
    }

    @Test
    void constantScoresStayConstant() {
        double[] x = new double[20];
        java.util.Arrays.fill(x, 0.7);
        for (double s : run(new DelayedGaussian(GaussianSmoothing1d.scipy(3), 2), x)) assertEquals(0.7, s, 1e-12);
    }
}
