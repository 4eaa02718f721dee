package aedmae.bench;

import aedmae.tensor.cpu.Attention;
import aedmae.tensor.cpu.DepthwiseConv3x3;
import aedmae.tensor.cpu.LayerNorm;
import aedmae.tensor.cpu.MedianFilter3x3;
import aedmae.tensor.cpu.Parallel;
import aedmae.tensor.cpu.Softmax;
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

/**
 * The model's other hot kernels at the avenue preset's shapes (batch 32): depthwise 3x3 conv on
 * the decoder grid [32, 20x40, 128] channels-last, LayerNorm over [32*801, 128], row softmax over
 * [32*4*401, 401], fused attention on the decoder [32, 801, 128] with 4 heads, and the 3x3 median
 * filter on one 240x360 RGB frame. Two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=100000", "-Xmx6g"}) // the trap limit: see ./aedmae
public class KernelBenchmark {
    aedmae.tensor.Tensor frames, patchW, patchB, tokensCl, pointW, pointB;
    float[] grid, gridOut, w9, ln, lnOut, lnW, lnB, mean, rstd, soft, softOut, q, k, v, att, lse, frame, frameOut;

    @Setup
    public void setup() {
        Parallel.setThreads(2);
        Random r = new Random(1);
        grid = rand(r, 32 * 20 * 40 * 128);
        gridOut = new float[grid.length];
        w9 = rand(r, 128 * 9);
        ln = rand(r, 32 * 801 * 128);
        lnOut = new float[ln.length];
        lnW = rand(r, 128);
        lnB = rand(r, 128);
        mean = new float[32 * 801];
        rstd = new float[32 * 801];
        soft = rand(r, 32 * 4 * 401 * 401);
        softOut = new float[soft.length];
        q = rand(r, 32 * 801 * 128);
        k = rand(r, q.length);
        v = rand(r, q.length);
        att = new float[q.length];
        lse = new float[32 * 4 * 801];
        frame = rand(r, 3 * 240 * 360);
        frameOut = new float[frame.length];
        // convolution fast paths through the tensor API: patch embedding (stride = kernel) and
        // a 1x1 convolution on a channels-last token grid
        aedmae.tensor.Rng rng = new aedmae.tensor.Rng(1);
        frames = rng.uniform(-1, 1, 8, 9, 320, 640);
        patchW = rng.uniform(-0.05f, 0.05f, 256, 9, 16, 16);
        patchB = rng.uniform(-0.05f, 0.05f, 256);
        tokensCl = rng.uniform(-1, 1, 32, 20, 40, 128).permute(0, 3, 1, 2);
        pointW = rng.uniform(-0.1f, 0.1f, 256, 128, 1, 1);
        pointB = rng.uniform(-0.1f, 0.1f, 256);
    }

    /** Patch embedding of 8 avenue frames: Conv2d(9 -> 256, 16, stride 16) = one GEMM over 8*800 patch rows. */
    @Benchmark
    public aedmae.tensor.Tensor patchEmbedding() {
        try (var s = aedmae.tensor.autograd.GradMode.disable()) {
            return aedmae.tensor.F.conv2d(frames, patchW, patchB, 16, 0, 1);
        }
    }

    /** 1x1 convolution 128 -> 256 on the avenue decoder grid, channels-last (the MLP's first layer). */
    @Benchmark
    public aedmae.tensor.Tensor pointwiseConv1x1() {
        try (var s = aedmae.tensor.autograd.GradMode.disable()) {
            return aedmae.tensor.F.conv2d(tokensCl, pointW, pointB, 1, 0, 1);
        }
    }

    private static float[] rand(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
        return a;
    }

    @Benchmark
    public float[] depthwiseConv3x3() {
        DepthwiseConv3x3.forward(grid, 0, w9, 0, 32, 20, 40, 128, gridOut, 0);
        return gridOut;
    }

    @Benchmark
    public float[] layerNorm() {
        LayerNorm.forward(ln, 0, lnW, lnB, 1e-6f, 32 * 801, 128, lnOut, 0, mean, rstd);
        return lnOut;
    }

    @Benchmark
    public float[] softmax() {
        Softmax.forward(soft, 0, softOut, 0, 32 * 4 * 401, 401);
        return softOut;
    }

    @Benchmark
    public float[] attention() {
        Attention.forward(q, 0, k, 0, v, 0, 32, 801, 4, 32, (float) Math.pow(128, -0.5), att, 0, null);
        return att;
    }

    @Benchmark
    public float[] medianFilter3x3() {
        MedianFilter3x3.forward(frame, 0, 3, 240, 360, frameOut, 0);
        return frameOut;
    }
}
