package aedmae.watch;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ThresholdCalibrationTest {
    @Test
    void hysteresisMakesOneEventOfAWaveringScore() {
        double[] s = {0, 0, 1.1, 0.95, 1.05, 0.9, 1.2, 0.5, 0.5, 0.5, 0, 1.3, 0.2, 0.2, 0.2};
        assertEquals(2, new Hysteresis(1.0, 0.8, 3).countEvents(s));
        assertEquals(4, new Hysteresis(1.0, 1.0, 1).countEvents(s), "without hysteresis every crossing is an event");
    }

    @Test
    void longNormalVideoMeetsTheRate() {
        // 2 hours at 25 fps of noise with rare bumps
        SplittableRandom r = new SplittableRandom(7);
        double[] s = new double[2 * 3600 * 25];
        for (int i = 0; i < s.length; i++) s[i] = r.nextGaussian() * 0.1 + (r.nextDouble() < 1e-4 ? 1 : 0);
        double fps = 25, rate = 3;
        ThresholdCalibration.Result c = ThresholdCalibration.calibrate(List.of(s), fps, rate, 0.3, 25, 0.1);
        assertTrue(c.eventsInNormal() <= rate * 2, "at most rate x hours events: " + c.eventsInNormal());
        // the next lower normal score makes too many: θ is the lowest that meets the rate
        double theta = c.hysteresis().high(), next = java.util.Arrays.stream(s).filter(v -> v < theta).max().orElseThrow();
        Hysteresis lower = Hysteresis.of(next, c.median(), 0.3, 25);
        assertTrue(lower.countEvents(s) > rate * 2);
        assertEquals(3600 / (s.length / fps), c.resolvablePerHour(), 1e-9);
    }

    @Test
    void shortNormalVideoPutsTheThresholdAboveEveryNormalScore() {
        double[] s = new SplittableRandom(8).doubles(250).toArray(); // 10 s
        ThresholdCalibration.Result c = ThresholdCalibration.calibrate(List.of(s), 25, 1, 0.3, 25, 0.1);
        double max = java.util.Arrays.stream(s).max().orElseThrow();
        assertTrue(c.hysteresis().high() > max);
        assertEquals(0, c.eventsInNormal());
        assertTrue(c.describe("cam", 1).contains("only show rates down to 360/hour"), c.describe("cam", 1));
    }
}
