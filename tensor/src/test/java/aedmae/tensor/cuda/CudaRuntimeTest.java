package aedmae.tensor.cuda;

import aedmae.tensor.GemmDesc;
import aedmae.tensor.Storage;
import aedmae.tensor.UnaryOp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The device runtime: memory reuse and reclaim, staging, graph capture and replay, timing (GPU only). */
class CudaRuntimeTest {
    @BeforeAll
    static void gpu() {
        Gpu.assume();
    }

    @Test
    void uploadDownloadRoundTripsThroughTheRing() {
        Gpu t = new Gpu();
        int n = (int) (CudaRuntime.RING_BYTES / 4) * 2 + 123; // more than the ring: chunked both ways
        float[] data = t.randn(n);
        Storage s = t.gpu.upload(data, 0, n);
        float[] back = new float[n + 2];
        t.gpu.download(s, 0, back, 2, n);
        for (int i = 0; i < n; i += 9973) assertEquals(data[i], back[i + 2]);
        assertEquals(data[n - 1], back[n + 1]);
        Storage z = t.gpu.allocate(1000);
        assertArrayEquals(new float[1000], Gpu.read(t.gpu, z, 1000), "allocate() zeroes");
    }

    @Test
    void steadyStateOperationsDoNotCallCuMemAlloc() {
        Gpu t = new Gpu();
        long allocs = 0;
        for (int round = 0; round < 53; round++) {
            if (round == 3) allocs = t.gpu.memoryStats().deviceAllocs(); // after warm-up
            try (CudaStorage a = t.gpu.allocateRaw(100_000); CudaStorage b = t.gpu.allocateRaw(100_000);
                 CudaStorage mean = t.gpu.allocateRaw(100); CudaStorage rstd = t.gpu.allocateRaw(100)) {
                t.gpu.unary(UnaryOp.EXP, 0, 0, a, 0, b, 0, 100_000);
                t.gpu.layerNorm(a, 0, null, null, 1e-6f, 100, 1000, b, 0, mean, rstd);
                t.gpu.layerNormBackward(a, 0, null, mean, rstd, b, 0, 100, 1000, a, 0, null, null);
            }
        }
        assertTrue(t.gpu.memoryStats().deviceAllocs() <= allocs + 2, "cuMemAlloc per operation: " + t.gpu.memoryStats());
    }

    @Test
    void unreachableStoragesComeBack() {
        Gpu t = new Gpu();
        t.gpu.synchronize();
        long live0 = t.gpu.memoryStats().liveBytes();
        for (int i = 0; i < 200; i++) t.gpu.allocate(1 << 18); // 1 MiB each, dropped at once
        for (int i = 0; i < 20 && t.gpu.memoryStats().liveBytes() > live0 + (64L << 20); i++) {
            System.gc();
            t.gpu.allocate(1).hashCode(); // allocation drains the reclaim queue
        }
        assertTrue(t.gpu.memoryStats().liveBytes() <= live0 + (64L << 20), "collected storages must return their blocks: " + t.gpu.memoryStats());
    }

    @Test
    void capturedGraphReplaysWithNewInputs() {
        Gpu t = new Gpu();
        int m = 64, k = 96, n = 128;
        float[] x1 = t.randn(m * k), w = t.randn(n * k), x2 = t.randn(m * k);
        int[] rows = {5, 1, 63, 0, 7};
        Storage x = t.gpu.upload(x1, 0, x1.length), wt = t.gpu.upload(w, 0, w.length);
        Storage y = t.gpu.allocate(m * n), z = t.gpu.allocate(rows.length * n), mean = t.gpu.allocate(m), rstd = t.gpu.allocate(m);
        Runnable forward = () -> {
            t.gpu.gemm(GemmDesc.single(m, n, k, 1f, 0f, x, 0, k, false, wt, 0, k, true, y, 0, n));
            t.gpu.unary(UnaryOp.GELU, 0, 0, y, 0, y, 0, m * n);
            t.gpu.layerNorm(y, 0, null, null, 1e-6f, m, n, y, 0, mean, rstd);
            t.gpu.indexSelect(y, 0, 1, m, n, rows, z, 0); // an index array first seen during capture
        };
        // eager reference for both inputs
        forward.run();
        float[] eager1 = Gpu.read(t.gpu, z, rows.length * n);
        t.gpu.uploadInto(x, 0, x2, 0, x2.length);
        forward.run();
        float[] eager2 = Gpu.read(t.gpu, z, rows.length * n);
        t.gpu.emptyCache(); // the index array must be uploaded again, inside the capture

        t.gpu.uploadInto(x, 0, x1, 0, x1.length);
        t.gpu.synchronize();
        t.gpu.beginCapture();
        assertThrows(IllegalStateException.class, () -> Gpu.read(t.gpu, z, 1), "downloads wait: refused during capture");
        forward.run();
        try (CudaGraph g = t.gpu.endCapture()) {
            assertTrue(g.kernels() >= 4, "captured " + g.kernels());
            t.gpu.fill(z, 0, rows.length * n, Float.NaN);
            g.launch();
            assertArrayEquals(eager1, Gpu.read(t.gpu, z, rows.length * n), "replay 1");
            t.gpu.uploadInto(x, 0, x2, 0, x2.length);
            g.launch();
            assertArrayEquals(eager2, Gpu.read(t.gpu, z, rows.length * n), "replay with new input");
        }
    }

    @Test
    void timerAndResources() {
        Gpu t = new Gpu();
        Storage a = t.gpu.allocate(1 << 20), b = t.gpu.allocate(1 << 20);
        try (CudaTimer timer = t.gpu.timer()) {
            timer.start();
            for (int i = 0; i < 10; i++) t.gpu.unary(UnaryOp.SIGMOID, 0, 0, a, 0, b, 0, 1 << 20);
            timer.stop();
            assertTrue(timer.elapsedMillis() > 0);
        }
        int[] r = t.gpu.kernelResources("gemm_tf32_128x128");
        assertTrue(r[0] > 0 && r[0] <= 255, "registers " + r[0]);
        assertEquals(0, r[1], "gemm_tf32_128x128 spills to local memory");
        System.out.println("cuda runtime test on " + t.gpu.info() + "; " + t.gpu.memoryStats());
    }
}
