package aedmae.bench;

import aedmae.tensor.cpu.Attention;
import aedmae.tensor.cpu.Parallel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fused attention forward at the avenue preset's shapes (batch 32: encoder [32, 401, 256] and
 * decoder [32, 801, 128], 4 heads), each blocking of {@link Attention#forward} timed in turn,
 * round after round, in one JVM (so they see the same machine): GFLOP/s at 4 T^2 dh per head and
 * image, min / median / max over the rounds. Optionally another build's attention (its
 * tensor/target/classes folder, loaded in its own class loader) joins the rotation as "base".
 * Every variant's output is checked bit for bit against the first's.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar aedmae.bench.AttentionBlocks \
 *       [--threads 2] [--rounds 7] [--base DIR/tensor/target/classes] [--blocks 4x801,32x64,...]
 * </pre>
 */
public final class AttentionBlocks {
    private AttentionBlocks() {}

    /** One (batch, head) shape of the avenue preset. */
    private record Shape(String name, int batch, int tokens, int heads, int headDim) {
        double gflop() {
            return 4.0 * tokens * tokens * headDim * heads * batch / 1e9;
        }
    }

    public static void main(String[] args) throws Throwable {
        Locale.setDefault(Locale.ROOT);
        int threads = 2, rounds = 7;
        String base = null, blocks = "4x100000,16x64,32x64,32x128,64x64";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--base" -> base = args[i + 1];
                case "--blocks" -> blocks = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Parallel.setThreads(threads);
        Map<String, MethodHandle> variants = new LinkedHashMap<>();
        MethodType plain = MethodType.methodType(void.class, float[].class, int.class, float[].class, int.class, float[].class, int.class,
                int.class, int.class, int.class, int.class, float.class, float[].class, int.class, float[].class);
        MethodHandle blocked = MethodHandles.publicLookup().findStatic(Attention.class, "forward",
                plain.appendParameterTypes(int.class, int.class));
        for (String b : blocks.split(",")) {
            String[] rk = b.split("x");
            variants.put("rows " + rk[0] + ", keys " + rk[1], MethodHandles.insertArguments(blocked, 14, Integer.parseInt(rk[0]), Integer.parseInt(rk[1])));
        }
        if (base != null) {
            URLClassLoader loader = new URLClassLoader(new URL[]{Path.of(base).toUri().toURL()}, null);
            Class<?> parallel = loader.loadClass("aedmae.tensor.cpu.Parallel");
            parallel.getMethod("setThreads", int.class).invoke(null, threads);
            variants.put("base", MethodHandles.publicLookup().findStatic(loader.loadClass("aedmae.tensor.cpu.Attention"), "forward", plain));
        }
        for (Shape s : List.of(new Shape("encoder", 32, 401, 4, 64), new Shape("decoder", 32, 801, 4, 32))) {
            int n = s.batch * s.tokens * s.heads * s.headDim;
            SplittableRandom r = new SplittableRandom(7);
            float[] q = new float[n], k = new float[n], v = new float[n];
            for (float[] x : new float[][]{q, k, v}) for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
            float scale = (float) Math.pow(s.heads * s.headDim, -0.5);
            Map<String, float[]> outs = new LinkedHashMap<>();
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (String name : variants.keySet()) {
                outs.put(name, new float[n]);
                rates.put(name, new ArrayList<>());
            }
            for (int round = -2; round < rounds; round++) { // two warm-up rounds
                for (Map.Entry<String, MethodHandle> e : variants.entrySet()) {
                    float[] out = outs.get(e.getKey()), lse = new float[s.batch * s.heads * s.tokens];
                    long t0 = System.nanoTime();
                    e.getValue().invoke(q, 0, k, 0, v, 0, s.batch, s.tokens, s.heads, s.headDim, scale, out, 0, lse);
                    double sec = (System.nanoTime() - t0) / 1e9;
                    if (round >= 0) rates.get(e.getKey()).add(s.gflop() / sec);
                }
            }
            float[] first = outs.values().iterator().next();
            System.out.printf("%s [%d, %d, %d], %d heads, %.1f GFLOP per call, %d threads, %d rounds; GFLOP/s min / median / max:%n",
                    s.name, s.batch, s.tokens, s.heads * s.headDim, s.heads, s.gflop(), threads, rounds);
            for (String name : variants.keySet()) {
                double[] x = rates.get(name).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf("  %-20s %6.1f %6.1f %6.1f   %s%n", name, x[0], x[x.length / 2], x[x.length - 1],
                        Arrays.equals(first, outs.get(name)) ? "same bits" : "BITS DIFFER");
            }
        }
        System.out.printf("load %s%n", java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
    }
}
