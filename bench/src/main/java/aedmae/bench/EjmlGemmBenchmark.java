package aedmae.bench;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/** The plain reference: EJML's single-threaded float product at 1024^3. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class EjmlGemmBenchmark {
    FMatrixRMaj a, b, c;

    @Setup
    public void setup() {
        Random r = new Random(1);
        a = new FMatrixRMaj(1024, 1024);
        b = new FMatrixRMaj(1024, 1024);
        c = new FMatrixRMaj(1024, 1024);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = r.nextFloat();
            b.data[i] = r.nextFloat();
        }
    }

    @Benchmark
    public FMatrixRMaj ejml1024() {
        CommonOps_FDRM.mult(a, b, c);
        return c;
    }
}
