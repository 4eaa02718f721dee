package aedmae.tensor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A per-kernel profile: wraps a backend so that every kernel call is timed (wall clock, which on
 * the CPU is the kernel's time; a GPU backend synchronises in its own profile hook) and counted,
 * with the floating-point work of GEMMs. {@code aedmae bench} prints it as "time split by
 * operation". Off by default; wrapping costs nothing when it is off.
 */
public final class Profiler {
    private static final Map<String, Stat> STATS = new ConcurrentHashMap<>();
    private static volatile boolean enabled, detailed;

    private Profiler() {}

    /** Time and count of one kernel. */
    public static final class Stat {
        final LongAdder nanos = new LongAdder(), calls = new LongAdder();
        final java.util.concurrent.atomic.DoubleAdder flops = new java.util.concurrent.atomic.DoubleAdder();

        public double seconds() {
            return nanos.sum() / 1e9;
        }

        public long calls() {
            return calls.sum();
        }

        public double flops() {
            return flops.sum();
        }
    }

    public static boolean enabled() {
        return enabled;
    }

    public static void enable(boolean on) {
        enabled = on;
    }

    /** Also splits GEMMs by shape ("gemm 385x385x16 NT x128"), to find the ones that run badly. */
    public static void detailed(boolean on) {
        detailed = on;
    }

    public static void reset() {
        STATS.clear();
    }

    /** Kernel name -> statistics, most expensive first. */
    public static List<Map.Entry<String, Stat>> snapshot() {
        List<Map.Entry<String, Stat>> out = new ArrayList<>(STATS.entrySet());
        out.sort((a, b) -> Long.compare(b.getValue().nanos.sum(), a.getValue().nanos.sum()));
        return out;
    }

    /** Records one call (for backends that time themselves). */
    public static void record(String kernel, long nanos, double flops) {
        Stat s = STATS.computeIfAbsent(kernel, k -> new Stat());
        s.nanos.add(nanos);
        s.calls.increment();
        if (flops > 0) s.flops.add(flops);
    }

    /** A backend whose kernel calls are timed while profiling is enabled. */
    public static Backend wrap(Backend inner) {
        InvocationHandler h = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
                if (!enabled || m.getDeclaringClass() == Object.class || m.getName().equals("device")) {
                    return call(m, args);
                }
                long t0 = System.nanoTime();
                Object r = call(m, args);
                double flops = m.getName().startsWith("gemm") ? ((GemmDesc) args[0]).flops() : 0;
                String name = m.getName();
                if (name.equals("unary") || name.equals("unaryBackward") || name.equals("binary")) name += "." + args[0];
                if (detailed && name.equals("gemm")) {
                    GemmDesc g = (GemmDesc) args[0];
                    name = "gemm " + g.m() + "x" + g.n() + "x" + g.k() + " " + (g.transA() ? "T" : "N") + (g.transB() ? "T" : "N")
                            + (g.batch() > 1 ? " x" + g.batch() : "");
                }
                record(name, System.nanoTime() - t0, flops);
                return r;
            }

            private Object call(Method m, Object[] args) throws Throwable {
                try {
                    return m.invoke(inner, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), inner.getClass().getInterfaces(), h);
    }

    /** A table: kernel, calls, seconds, share of the profiled time, GFLOP/s for GEMMs. */
    public static String table() {
        List<Map.Entry<String, Stat>> rows = snapshot();
        double total = 0;
        for (var r : rows) total += r.getValue().seconds();
        StringBuilder sb = new StringBuilder(String.format("%-28s %8s %10s %7s %9s%n", "kernel", "calls", "seconds", "share", "GFLOP/s"));
        for (var r : rows) {
            Stat s = r.getValue();
            sb.append(String.format("%-28s %8d %10.3f %6.1f%% %9s%n", r.getKey(), s.calls(), s.seconds(), 100 * s.seconds() / Math.max(total, 1e-12),
                    s.flops() > 0 ? String.format("%.1f", s.flops() / s.seconds() / 1e9) : ""));
        }
        sb.append(String.format("%-28s %8s %10.3f%n", "total in kernels", "", total));
        return sb.toString();
    }
}
