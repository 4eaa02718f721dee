package aedmae.tensor.cuda;

import aedmae.tensor.BinaryOp;
import aedmae.tensor.GemmDesc;
import aedmae.tensor.ReduceOp;
import aedmae.tensor.Storage;
import aedmae.tensor.UnaryOp;
import jcuda.driver.JCudaDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Times every kernel variant on the avenue preset's shapes (batch 100: 401 encoder tokens of
 * dim 256, 801 decoder tokens of dim 128) with CUDA events: warm-up, then the median of many
 * timed launches. Each line gives the achieved rate and the floor, the time the kernel would
 * take at the measured ceiling of the resource that bounds it (bytes over the measured copy
 * bandwidth, or FLOPs over the measured GEMM rate), and the gap = time / floor.
 *
 * <pre>java -cp ... aedmae.tensor.cuda.KernelBench [--out DIR] [--quick]</pre>
 *
 * Writes DIR/kernel-bench.md (the table, device and date) and prints it.
 */
public final class KernelBench {
    private final CudaBackend b;
    private final boolean quick;
    private final Random rnd = new Random(1);
    private final List<String> rows = new ArrayList<>();
    private double copyBandwidth; // bytes/s, read + write
    private double tf32Rate, bf16Rate, fp32Rate; // FLOP/s

    private KernelBench(CudaBackend b, boolean quick) {
        this.b = b;
        this.quick = quick;
    }

    /** The arguments of the GPU run's benchmark mains: --out DIR (where the report goes), --quick. */
    record Options(Path out, boolean quick) {
        static Options parse(String[] args) {
            Path out = null;
            boolean quick = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--out")) out = Path.of(args[++i]);
                else if (args[i].equals("--quick")) quick = true;
                else throw new IllegalArgumentException("unknown argument " + args[i] + " (expected --out DIR, --quick)");
            }
            return new Options(out, quick);
        }
    }

    public static void main(String[] args) throws IOException {
        Options o = Options.parse(args);
        Path out = o.out();
        boolean quick = o.quick();
        String reason = CudaBackend.unavailableReason();
        if (reason != null) {
            System.out.println("kernel bench: CUDA unavailable: " + reason);
            return;
        }
        CudaBackend b = CudaBackend.open(0);
        KernelBench k = new KernelBench(b, quick);
        String report = k.run();
        System.out.println(report);
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("kernel-bench.md"), report);
        }
    }

    // ------------------------------------------------------------------ timing

    /** Median milliseconds of one call of body, after warm-up. */
    private double time(Runnable body) {
        int warm = 3, reps = quick ? 5 : 21;
        for (int i = 0; i < warm; i++) body.run();
        b.synchronize();
        double[] ms = new double[reps];
        try (CudaTimer t = b.timer()) {
            for (int i = 0; i < reps; i++) {
                t.start();
                body.run();
                t.stop();
                ms[i] = t.elapsedMillis();
            }
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }

    private Storage randn(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return b.upload(a, 0, n);
    }

    private void row(String op, String variant, String shape, double ms, double bytes, double flops) {
        double floorMs;
        String rate;
        if (flops > 0 && flops / tf32Rate > bytes / copyBandwidth) {
            double ceiling = variant.contains("bf16") ? bf16Rate : variant.contains("simt") || variant.contains("fp32") ? fp32Rate : tf32Rate;
            floorMs = flops / ceiling * 1e3;
            rate = String.format("%.1f TFLOP/s", flops / ms / 1e9);
        } else {
            floorMs = bytes / copyBandwidth * 1e3;
            rate = String.format("%.0f GB/s", bytes / ms / 1e6);
        }
        String line = String.format("| %s | %s | %s | %.4f | %s | %.4f | %.1f |", op, variant, shape, ms, rate, floorMs, ms / floorMs);
        rows.add(line);
        System.out.println(line);
    }

    private void fail(String op, String variant, Throwable e) {
        String line = String.format("| %s | %s | FAILED: %s | | | | |", op, variant, CudaAvailability.oneLine(e));
        rows.add(line);
        System.out.println(line);
    }

    // ------------------------------------------------------------------ ceilings

    private void ceilings() {
        long bytes = quick ? 256L << 20 : 1L << 30;
        try (CudaStorage src = b.allocateRaw((int) (bytes / 4)); CudaStorage dst = b.allocateRaw((int) (bytes / 4))) {
            b.fill(src, 0, (int) (bytes / 4), 1.5f);
            double ms = time(() -> Driver.check(JCudaDriver.cuMemcpyDtoDAsync(dst.pointer(), src.pointer(), bytes, b.rt.stream()), "cuMemcpyDtoDAsync"));
            copyBandwidth = 2.0 * bytes / (ms / 1e3);
        }
        int n = quick ? 4096 : 8192;
        Storage x = randn(n * n), y = randn(n * n), z = b.allocate(n * n);
        GemmDesc g = GemmDesc.single(n, n, n, 1f, 0f, x, 0, n, false, y, 0, n, true, z, 0, n);
        tf32Rate = g.flops() / (timeGemm(g, KernelRegistry.GEMM_TF32_128) / 1e3);
        bf16Rate = g.flops() / (timeGemm(g, KernelRegistry.GEMM_BF16_128) / 1e3);
        int n2 = 4096;
        GemmDesc g2 = GemmDesc.single(n2, n2, n2, 1f, 0f, x, 0, n2, false, y, 0, n2, true, z, 0, n2);
        fp32Rate = g2.flops() / (timeGemm(g2, KernelRegistry.GEMM_SIMT) / 1e3);
    }

    private double timeGemm(GemmDesc g, String variant) {
        try (AutoCloseable f = b.force(variant)) {
            return time(() -> b.gemm(g));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ cases

    private void forced(Op op, String variant, String shape, double bytes, double flops, Runnable body) {
        try (AutoCloseable f = b.force(variant)) {
            double ms = time(body);
            String ran = b.lastVariant(op);
            row(op.name().toLowerCase(), ran.equals(variant) ? variant : variant + " (ran " + ran + ")", shape, ms, bytes, flops);
        } catch (Throwable e) {
            fail(op.name().toLowerCase(), variant, e);
        }
    }

    private void gemms() {
        // {M, N, K, transA, transB}: the avenue preset's products at batch 100
        int[][] shapes = {
                {40100, 256, 256, 0, 1},   // encoder q/k/v/proj linear
                {40100, 512, 256, 0, 1},   // encoder MLP fc1
                {80100, 128, 128, 0, 1},   // decoder linear
                {80100, 1024, 128, 0, 1},  // decoder prediction head (p*p*4 = 1024)
                {40000, 256, 2304, 0, 1},  // patch embedding of kept patches (9*16*16)
                {40100, 256, 512, 0, 0},   // dX = dY W (backward)
                {256, 256, 40100, 1, 0},   // dW = dY^T X (backward, split-K)
        };
        if (quick) shapes = Arrays.copyOf(shapes, 2);
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            boolean ta = s[3] == 1, tb = s[4] == 1;
            Storage a = randn(m * k), bb = randn(k * n), c = b.allocate(m * n);
            GemmDesc g = GemmDesc.single(m, n, k, 1f, 0f, a, 0, ta ? m : k, ta, bb, 0, tb ? k : n, tb, c, 0, n);
            double bytes = 4.0 * ((double) m * k + (double) k * n + (double) m * n);
            for (KernelVariant v : KernelRegistry.of(Op.GEMM)) {
                forced(Op.GEMM, v.name(), m + "x" + n + "x" + k + (ta ? " At" : "") + (tb ? " Bt" : ""), bytes, g.flops(), () -> b.gemm(g));
            }
        }
    }

    /** The projection + residual + LayerNorm chain: fused in one GEMM against GEMM (bias, residual epilogue) then LayerNorm. */
    private void gemmLayerNorm() {
        for (int[] s : new int[][]{{quick ? 4010 : 40100, 256, 256}, {quick ? 8010 : 80100, 128, 128}}) {
            int m = s[0], n = s[1], k = s[2];
            Storage a = randn(m * k), w = randn(n * k), bias = randn(n), res = randn(m * n), c = b.allocate(m * n);
            Storage lw = randn(n), lb = randn(n), y = b.allocate(m * n), mean = b.allocate(m), rstd = b.allocate(m);
            GemmDesc g = GemmDesc.single(m, n, k, 1f, 0f, a, 0, k, false, w, 0, k, true, c, 0, n);
            Epilogue e = Epilogue.biasResidual(bias, 0, res, 0, n);
            double bytes = 4.0 * ((double) m * k + (double) n * k + 4.0 * m * n);
            String shape = m + "x" + n + "x" + k + " +bias +residual, LayerNorm";
            for (KernelVariant v : KernelRegistry.of(Op.GEMM_LAYER_NORM)) {
                forced(Op.GEMM_LAYER_NORM, v.name(), shape, bytes, g.flops(),
                        () -> b.gemm(g, e.withNorm(new RowNorm(lw, lb, 1e-6f, y, 0, n, mean, rstd))));
            }
            forced(Op.GEMM, KernelRegistry.GEMM_TF32_128, shape + " (unfused: GEMM, then layer_norm)", bytes + 8.0 * m * n, g.flops(), () -> {
                b.gemm(g, e);
                b.layerNorm(c, 0, lw, lb, 1e-6f, m, n, y, 0, mean, rstd);
            });
        }
    }

    private void attention() {
        int batch = quick ? 10 : 100;
        int[][] shapes = {{401, 4, 64}, {801, 4, 32}};
        for (int[] s : shapes) {
            int t = s[0], h = s[1], dh = s[2], d = h * dh, n = batch * t * d;
            Storage q = randn(n), k = randn(n), v = randn(n), o = b.allocate(n), lse = b.allocate(batch * h * t);
            float scale = (float) (1 / Math.sqrt(d));
            double flops = 4.0 * batch * h * (double) t * t * dh;
            double bytes = 4.0 * 4 * n;
            String shape = "B=" + batch + " T=" + t + " H=" + h + " dh=" + dh;
            for (KernelVariant var : KernelRegistry.of(Op.ATTENTION)) {
                forced(Op.ATTENTION, var.name(), shape, bytes, flops,
                        () -> b.attention(q, 0, k, 0, v, 0, batch, t, h, dh, scale, o, 0, lse));
            }
            Storage dout = randn(n), dq = b.allocate(n), dk = b.allocate(n), dv = b.allocate(n);
            forced(Op.ATTENTION_BACKWARD, "attention.simt_recompute", shape, 4.0 * 8 * n, 2.5 * flops,
                    () -> b.attentionBackward(q, 0, k, 0, v, 0, o, 0, lse, dout, 0, batch, t, h, dh, scale, dq, dk, dv));
        }
    }

    private void memoryBound() {
        int rowsDec = quick ? 8010 : 80100, rowsEnc = quick ? 4010 : 40100;
        // layernorm over the decoder (128) and encoder (256) widths
        for (int[] s : new int[][]{{rowsDec, 128}, {rowsEnc, 256}}) {
            int rows = s[0], cols = s[1];
            Storage x = randn(rows * cols), y = b.allocate(rows * cols), mean = b.allocate(rows), rstd = b.allocate(rows);
            Storage w = randn(cols), bias = randn(cols);
            for (KernelVariant v : KernelRegistry.of(Op.LAYER_NORM)) {
                forced(Op.LAYER_NORM, v.name(), rows + "x" + cols, 8.0 * rows * cols, 0,
                        () -> b.layerNorm(x, 0, w, bias, 1e-6f, rows, cols, y, 0, mean, rstd));
            }
            Storage dy = randn(rows * cols), dx = b.allocate(rows * cols), dw = b.allocate(cols), db = b.allocate(cols);
            forced(Op.LAYER_NORM_BACKWARD, "layernorm.backward_partials", rows + "x" + cols, 12.0 * rows * cols, 0,
                    () -> b.layerNormBackward(x, 0, w, mean, rstd, dy, 0, rows, cols, dx, 0, dw, db));
        }
        // softmax rows of 801 scores (unfused attention)
        int srows = quick ? 3204 : 32040;
        Storage sx = randn(srows * 801), sy = b.allocate(srows * 801);
        for (KernelVariant v : KernelRegistry.of(Op.SOFTMAX)) {
            forced(Op.SOFTMAX, v.name(), srows + "x801", 8.0 * srows * 801, 0, () -> b.softmax(sx, 0, sy, 0, srows, 801));
        }
        // elementwise and reductions over a decoder activation [80100, 256]
        int n = rowsDec * 256;
        Storage x = randn(n), y = b.allocate(n), z = randn(n);
        forced(Op.UNARY, "elementwise.unary", "gelu " + n, 8.0 * n, 0, () -> b.unary(UnaryOp.GELU, 0, 0, x, 0, y, 0, n));
        forced(Op.BINARY, KernelRegistry.BINARY_CONTIGUOUS, "add " + n, 12.0 * n, 0,
                () -> b.binary(BinaryOp.ADD, new int[]{n}, x, 0, new int[]{1}, z, 0, new int[]{1}, y, 0));
        forced(Op.BINARY, KernelRegistry.BINARY_STRIDED, "add row bias " + rowsDec + "x256", 8.0 * n, 0,
                () -> b.binary(BinaryOp.ADD, new int[]{rowsDec, 256}, x, 0, new int[]{256, 1}, z, 0, new int[]{0, 1}, y, 0));
        forced(Op.COPY, KernelRegistry.COPY_STRIDED, "transpose " + rowsDec + "x256", 8.0 * n, 0,
                () -> b.copy(new int[]{rowsDec, 256}, x, 0, new int[]{1, rowsDec}, y, 0, new int[]{256, 1}, false));
        forced(Op.REDUCE, KernelRegistry.REDUCE_ROWS, "sum rows " + rowsDec + "x256", 4.0 * n, 0,
                () -> b.reduce(ReduceOp.SUM, x, 0, rowsDec, 256, 1, y, 0));
        forced(Op.REDUCE, KernelRegistry.REDUCE_STRIDED, "sum cols " + rowsDec + "x256", 4.0 * n, 0,
                () -> b.reduce(ReduceOp.SUM, x, 0, 1, rowsDec, 256, y, 0));
        // depthwise 3x3 on the decoder grid (20 x 40 x 128) and the encoder's kept grid (20 x 20 x 256)
        int batch = quick ? 10 : 100;
        for (int[] s : new int[][]{{20, 40, 128}, {20, 20, 256}}) {
            int h = s[0], w = s[1], c = s[2], size = batch * h * w * c;
            Storage dx = randn(size), dw = randn(c * 9), dy = b.allocate(size);
            for (KernelVariant v : KernelRegistry.of(Op.DEPTHWISE_CONV)) {
                forced(Op.DEPTHWISE_CONV, v.name(), batch + "x" + h + "x" + w + "x" + c, 8.0 * size, 18.0 * size,
                        () -> b.depthwiseConv3x3(dx, 0, dw, 0, batch, h, w, c, dy, 0));
            }
        }
        // motion: median absolute difference of 320 x 640 RGB frames and the token weights
        int planes = 3 * batch, plane = 320 * 640;
        Storage f0 = randn(planes * plane), f1 = randn(planes * plane), grad = b.allocate(planes * plane), wts = b.allocate(batch * 800);
        forced(Op.MEDIAN_ABSDIFF, "median_filter3x3.absdiff", planes + "x320x640", 12.0 * planes * plane, 0,
                () -> b.medianAbsDiff(f0, 0, f1, 0, planes, 320, 640, grad, 0));
        forced(Op.MOTION_WEIGHTS, "motion_weights.block_per_sample", batch + "x3x320x640 p16", 4.0 * planes * plane, 0,
                () -> b.motionWeights(grad, 0, null, 0, batch, 320, 640, 16, 128f, wts, 0));
        // AdamW over the model's 3,042,560 parameters
        int params = 3_042_560;
        Storage p = randn(params), g = randn(params), m = randn(params), v = b.allocate(params);
        forced(Op.ADAMW, "adamw.fused", params + " params", 4.0 * 7 * params, 0,
                () -> b.adamw(p, 0, g, 0, m, v, params, 1e-4f, 0.9f, 0.95f, 1e-8f, 0.05f, 0.5f, 0.5f));
    }

    private String resources() {
        StringBuilder sb = new StringBuilder("\n| kernel | registers | local (spill) bytes | static shared bytes |\n|---|---|---|---|\n");
        for (String s : new String[]{"gemm_simt", "gemm_tf32_128x128", "gemm_tf32_64x64", "gemm_bf16_128x128", "gemm_bf16_64x64", "gemm_tf32_ln128", "gemm_tf32_ln256",
                "attention_tf32_d64", "attention_tf32_d32", "attention_bf16_d64", "attention_bf16_d32", "attention_simt_c32", "attention_bwd_dq_c32", "attention_bwd_dkdv_c32",
                "layernorm_warp256", "softmax_warp1024", "dwconv3x3_vec4", "median3x3_absdiff"}) {
            int[] r = b.kernelResources(s);
            sb.append(String.format("| %s | %d | %d | %d |%n", s, r[0], r[1], r[2]));
        }
        return sb.toString();
    }

    private String run() {
        ceilings();
        String head = String.format("# Kernel benchmark%n%n%s, %s%s%n%nCeilings measured here: device-to-device copy %.0f GB/s (read + write); "
                        + "GEMM 8192^3 TF32 (gemm.tf32_mma_128x128) %.1f TFLOP/s, BF16 %.1f TFLOP/s, FP32 SIMT 4096^3 %.1f TFLOP/s. "
                        + "Datasheet DRAM bandwidth %.0f GB/s.%n%n"
                        + "| op | variant | shape | median ms | achieved | floor ms | gap |%n|---|---|---|---|---|---|---|",
                LocalDate.now(), b.info(), quick ? " (quick)" : "", copyBandwidth / 1e9, tf32Rate / 1e12, bf16Rate / 1e12, fp32Rate / 1e12,
                b.info().datasheetBandwidth() / 1e9);
        System.out.println(head);
        gemms();
        gemmLayerNorm();
        attention();
        memoryBound();
        return head + "\n" + String.join("\n", rows) + "\n" + resources() + "\nMemory: " + b.memoryStats() + "\n";
    }
}
