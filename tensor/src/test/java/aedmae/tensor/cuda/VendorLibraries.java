package aedmae.tensor.cuda;

import aedmae.tensor.GemmDesc;
import aedmae.tensor.Storage;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static jcuda.jcublas.cublasMath.CUBLAS_DEFAULT_MATH;
import static jcuda.jcublas.cublasMath.CUBLAS_TF32_TENSOR_OP_MATH;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;

/**
 * Whether the vendor libraries of the design card load here (cuBLAS through JCublas2, from the
 * CUDA libraries on LD_LIBRARY_PATH, e.g. those PyTorch brings; no JCudnn matches our JCuda
 * version, so tools/gpu-run.sh asks PyTorch whether it loads), and if
 * cuBLAS does, our GEMM against cublasSgemm (FP32 and TF32 math) on the model's products, in one
 * process on one stream's device (GPU only; run by tools/gpu-run.sh). Attention is compared with
 * PyTorch's SDPA by tools/torch_kernel_bench.py in the same run.
 *
 * <pre>java ... aedmae.tensor.cuda.VendorLibraries [--out DIR] [--quick]</pre>
 */
public final class VendorLibraries {
    private VendorLibraries() {}

    public static void main(String[] args) throws IOException {
        KernelBench.Options o = KernelBench.Options.parse(args);
        Path out = o.out();
        boolean quick = o.quick();
        List<String> lines = new ArrayList<>();
        String reason = CudaBackend.unavailableReason();
        if (reason != null) {
            say(lines, "vendor libraries: CUDA unavailable: " + reason);
            write(out, lines);
            return;
        }
        CudaBackend b = CudaBackend.open(0);
        say(lines, "cuDNN through JCudnn: not tried (org.jcuda:jcudnn:" + jcudaVersion() + " is not on Maven Central; gpu-run.sh asks PyTorch)");
        cublasHandle handle = new cublasHandle();
        String cublas = probe(() -> {
            JCublas2.setExceptionsEnabled(true);
            JCublas2.cublasCreate(handle);
            JCublas2.cublasSetStream(handle, new jcuda.runtime.cudaStream_t(b.rt.stream()));
            int[] v = new int[1];
            JCublas2.cublasGetVersion(handle, v);
            return "cuBLAS " + v[0] + " loaded through JCublas2";
        });
        say(lines, cublas);
        if (cublas.startsWith("cuBLAS ")) gemms(b, handle, quick, lines);
        write(out, lines);
    }

    /** Our GEMM (dispatch at TF32 and FP32) against cublasSgemm with TF32 and default math, C = A·Bᵀ row-major. */
    private static void gemms(CudaBackend b, cublasHandle h, boolean quick, List<String> lines) {
        int[][] shapes = {{40100, 256, 256}, {40100, 512, 256}, {80100, 128, 128}, {80100, 1024, 128}, {40000, 256, 2304}};
        if (quick) shapes = java.util.Arrays.copyOf(shapes, 2);
        Random rnd = new Random(5);
        say(lines, "| M x N x K (A·Bᵀ) | ours TF32 ms | cuBLAS TF32 ms | ours FP32 ms | cuBLAS FP32 ms |");
        say(lines, "|---|---|---|---|---|");
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            Storage a = randn(b, rnd, m * k), w = randn(b, rnd, n * k), c = b.allocate(m * n);
            GemmDesc g = GemmDesc.single(m, n, k, 1f, 0f, a, 0, k, false, w, 0, k, true, c, 0, n);
            Pointer pa = ((CudaStorage) a).pointer(), pw = ((CudaStorage) w).pointer(), pc = ((CudaStorage) c).pointer();
            Pointer one = Pointer.to(new float[]{1f}), zero = Pointer.to(new float[]{0f});
            // row-major C[m,n] = A[m,k]·W[n,k]ᵀ is column-major Cᵀ[n,m] = W·Aᵀ: op(W) = T on [k,n], op(A) = N on [k,m]
            Runnable theirs = () -> JCublas2.cublasSgemm(h, CUBLAS_OP_T, CUBLAS_OP_N, n, m, k, one, pw, k, pa, k, zero, pc, n);
            b.setMatmulPrecision(Precision.TF32);
            double oursTf32 = time(b, quick, () -> b.gemm(g));
            JCublas2.cublasSetMathMode(h, CUBLAS_TF32_TENSOR_OP_MATH);
            double cuTf32 = time(b, quick, theirs);
            b.setMatmulPrecision(Precision.FP32);
            double oursFp32 = time(b, quick, () -> b.gemm(g));
            JCublas2.cublasSetMathMode(h, CUBLAS_DEFAULT_MATH);
            double cuFp32 = time(b, quick, theirs);
            b.setMatmulPrecision(Precision.TF32);
            say(lines, String.format("| %dx%dx%d | %.4f | %.4f | %.4f | %.4f |", m, n, k, oursTf32, cuTf32, oursFp32, cuFp32));
        }
    }

    /** Median milliseconds of body, timed on the host around a synchronise of our stream (cuBLAS runs on it too). */
    private static double time(CudaBackend b, boolean quick, Runnable body) {
        int reps = quick ? 5 : 21;
        for (int i = 0; i < 3; i++) body.run();
        b.synchronize();
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            body.run();
            b.synchronize();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return ms[reps / 2];
    }

    private static Storage randn(CudaBackend b, Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rnd.nextGaussian();
        return b.upload(x, 0, n);
    }

    /** The probe's line, or why it failed (every cause, not the last line only). */
    private static String probe(java.util.concurrent.Callable<String> body) {
        try {
            return body.call();
        } catch (Throwable t) {
            StringBuilder why = new StringBuilder("not loaded:");
            for (Throwable c = t; c != null; c = c.getCause()) why.append(' ').append(c);
            return why.toString();
        }
    }

    private static String jcudaVersion() {
        String v = jcuda.driver.JCudaDriver.class.getPackage().getImplementationVersion();
        return v != null ? v : "12.6.0";
    }

    private static void say(List<String> lines, String line) {
        System.out.println(line);
        lines.add(line);
    }

    private static void write(Path out, List<String> lines) throws IOException {
        if (out == null) return;
        Files.createDirectories(out);
        Files.writeString(out.resolve("vendor-libraries.md"), String.join("\n", lines) + "\n");
    }
}
