package aedmae.bench;

import aedmae.tensor.GemmDesc;
import aedmae.tensor.cpu.CpuStorage;
import aedmae.tensor.cpu.Gemm;
import aedmae.tensor.cpu.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Single-precision GEMM, C = A B: the square 1024 case of the issue (GFLOP/s = 2*1024^3 / time)
 * and the model's own shapes ("MxNxK" plus transposes, from the profiler). EJML's product is the
 * plain reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=100000", "-Xmx4g"}) // the trap limit: see ./aedmae
public class GemmBenchmark {
    /** m x n x k, then "N"/"T" for op(A) and op(B). */
    @Param({"1024x1024x1024NN", "6176x128x128NT", "12320x64x64NT", "128x128x6176TN", "25632x128x128NT"})
    public String shape;

    @Param({"2", "1"})
    public int threads;

    /** own: the project's kernel (the default); openblas: OpenBLAS's SGEMM through Bytedeco (an option). */
    @Param({"own", "openblas"})
    public String engine;

    int m, n, k;
    boolean ta, tb;
    float[] a, b, c;

    @Setup
    public void setup() {
        String[] d = shape.substring(0, shape.length() - 2).split("x");
        m = Integer.parseInt(d[0]);
        n = Integer.parseInt(d[1]);
        k = Integer.parseInt(d[2]);
        ta = shape.charAt(shape.length() - 2) == 'T';
        tb = shape.charAt(shape.length() - 1) == 'T';
        Random r = new Random(1);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
        Parallel.setThreads(threads);
        Gemm.setEngine(engine);
        desc = GemmDesc.single(m, n, k, 1f, 0f, new CpuStorage(a), 0, ta ? m : k, ta, new CpuStorage(b), 0, tb ? k : n, tb,
                new CpuStorage(c), 0, n);
    }

    GemmDesc desc;

    @Benchmark
    public void gemm(Blackhole bh) {
        Gemm.gemm(desc);
        bh.consume(c);
    }
}
