package aedmae.tensor.cuda;

import aedmae.tensor.Backend;
import aedmae.tensor.Backends;
import aedmae.tensor.Device;
import aedmae.tensor.Storage;
import org.junit.jupiter.api.Assumptions;

import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The GPU test fixture: the device's backend (with every launch checked), fresh random inputs on
 * both backends, NaN-poisoned outputs and the parity check against the CPU twin. Tests that use
 * it skip cleanly where there is no CUDA device.
 */
final class Gpu {
    private static CudaBackend backend;

    final long seed = System.nanoTime();
    final Random rnd = new Random(seed);
    final CudaBackend gpu = backend();
    final Backend cpu = Backends.cpu();

    /** Skips the calling test (class) unless CUDA is available. */
    static void assume() {
        Assumptions.assumeTrue(Backends.cudaAvailable(), () -> "no CUDA here: " + Backends.cudaUnavailableReason());
    }

    static synchronized CudaBackend backend() {
        assume();
        if (backend == null) {
            backend = (CudaBackend) Backends.get(Device.cuda(0));
            backend.setCheckEveryLaunch(true);
        }
        return backend;
    }

    /** The same data on the CPU and on the GPU. */
    record Pair(Storage cpu, Storage gpu, int length) {}

    float[] randn(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    float[] uniform(int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        return a;
    }

    Pair both(float[] data) {
        return new Pair(cpu.upload(data, 0, data.length), gpu.upload(data, 0, data.length), data.length);
    }

    Pair randnPair(int n) {
        return both(randn(n));
    }

    /** An output: NaN everywhere on both sides, so an element a kernel forgets to write fails. */
    Pair poisoned(int n) {
        Storage c = cpu.allocate(n), g = gpu.allocate(n);
        cpu.fill(c, 0, n, Float.NaN);
        gpu.fill(g, 0, n, Float.NaN);
        return new Pair(c, g, n);
    }

    static float[] read(Backend b, Storage s, int n) {
        float[] out = new float[n];
        b.download(s, 0, out, 0, n);
        return out;
    }

    /** Compares the whole of p (GPU against the CPU twin) within the band of precision. */
    void assertClose(String what, Pair p, Precision precision) {
        assertClose(what, read(cpu, p.cpu, p.length), read(gpu, p.gpu, p.length), precision);
    }

    /**
     * ||got - ref|| / ||ref|| within the precision's band, and per element |got - ref| <=
     * 10 band (rms(ref) + |ref|): the norm is the criterion (docs/kernel-method.md), the elementwise bound
     * catches a wrong tile or an unwritten element that a norm over many elements would dilute
     * (a reduction can cancel to a small value, so the absolute part scales with the rms).
     * NaN passes only where the reference is NaN too. Every check prints its relative error;
     * failures list the first mismatches and the seed.
     */
    void assertClose(String what, float[] ref, float[] got, Precision precision) {
        double band = precision.relativeErrorBand();
        double ss = 0, sd = 0;
        int finite = 0;
        for (int i = 0; i < ref.length; i++) {
            if (Float.isFinite(ref[i])) {
                ss += (double) ref[i] * ref[i];
                finite++;
            }
        }
        double rms = finite == 0 ? 0 : Math.sqrt(ss / finite);
        double atol = 10 * band * Math.max(rms, 1e-30);
        double eps = 10 * band;
        StringBuilder bad = new StringBuilder();
        int mismatches = 0;
        for (int i = 0; i < ref.length; i++) {
            float r = ref[i], g = got[i];
            boolean ok;
            if (Float.isNaN(r)) ok = Float.isNaN(g);
            else if (Float.isInfinite(r)) ok = r == g;
            else {
                double d = Math.abs((double) g - r);
                ok = !Float.isNaN(g) && d <= atol + eps * Math.abs(r);
                if (!Float.isNaN(g)) sd += d * d;
            }
            if (!ok && mismatches++ < 5) bad.append(String.format("%n  [%d] ref %.8g got %.8g", i, r, g));
        }
        double rel = ss == 0 ? Math.sqrt(sd) : Math.sqrt(sd / ss);
        System.out.printf("parity %-70s %s rel %.2e (band %.0e)%s%n", what, precision, rel, band, mismatches > 0 ? " MISMATCH" : "");
        if (mismatches > 0 || rel > band) {
            fail(String.format("%s: %d of %d elements off, relative error %.3g (band %.1g, %s), seed %d%s",
                    what, mismatches, ref.length, rel, band, precision, seed, bad));
        }
    }

    /**
     * Runs body once per registered variant of op with that variant forced, and checks that the
     * variant actually ran at least once (a variant the problems never suit is a test gap).
     */
    void eachVariant(Op op, Consumer<KernelVariant> body) {
        for (KernelVariant v : KernelRegistry.of(op)) {
            Counter c = new Counter(op, v.name());
            try (AutoCloseable f = gpu.force(v.name())) {
                current = c;
                body.accept(v);
            } catch (Exception e) {
                throw new AssertionError(v.name() + ": " + e, e);
            } finally {
                current = null;
            }
            assertTrue(c.ran > 0, v.name() + " never ran on the test problems");
        }
    }

    private Counter current;

    private static final class Counter {
        final Op op;
        final String name;
        int ran;

        Counter(Op op, String name) {
            this.op = op;
            this.name = name;
        }
    }

    /** Call after each GPU call inside eachVariant: counts whether the forced variant ran. */
    void ran() {
        if (current != null && current.name.equals(gpu.lastVariant(current.op))) current.ran++;
    }
}
