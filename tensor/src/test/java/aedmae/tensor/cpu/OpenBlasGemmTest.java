package aedmae.tensor.cpu;

import aedmae.tensor.GemmDesc;
import aedmae.tensor.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenBLAS option against its twin, the project's own GEMM, through the same entry point. */
class OpenBlasGemmTest {
    private final Rng rng = new Rng(16);

    @AfterEach
    void restore() {
        Gemm.setEngine("own");
    }

    @Test
    void openBlasGivesOurGemmsResultsOverShapesTransposesOffsetsBetaAndBatches() {
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {5, 33, 17}, {37, 65, 300}, {130, 31, 1}, {200, 128, 128}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int variant = 0; variant < 8; variant++) {
                boolean ta = (variant & 1) != 0, tb = (variant & 2) != 0, batched = (variant & 4) != 0;
                int batch = batched ? 3 : 1, pad = 2, off = 5;
                int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
                int aRows = ta ? k : m, bRows = tb ? n : k;
                int aStride = aRows * lda, bStride = bRows * ldb, cStride = m * ldc;
                float[] a = rng.uniformArray(off + batch * aStride, -1, 1), b = rng.uniformArray(off + batch * bStride, -1, 1);
                float[] c0 = rng.uniformArray(off + batch * cStride, -1, 1);
                float[] own = c0.clone(), blas = c0.clone();
                run("own", m, n, k, ta, tb, batch, a, b, own, lda, ldb, ldc, aStride, bStride, cStride, off);
                run("openblas", m, n, k, ta, tb, batch, a, b, blas, lda, ldb, ldc, aStride, bStride, cStride, off);
                String what = m + "x" + n + "x" + k + " transA=" + ta + " transB=" + tb + " batch=" + batch;
                for (int i = 0; i < own.length; i++) {
                    assertEquals(own[i], blas[i], 2e-5f * (1 + Math.abs(own[i])) * Math.max(1, (float) Math.sqrt(k)), what + " at " + i);
                }
                // what lies between C's rows and before its offset is untouched
                for (int i = 0; i < off; i++) assertEquals(c0[i], blas[i], what + " before C");
                for (int bi = 0; bi < batch; bi++) {
                    for (int r = 0; r < m; r++) {
                        for (int j = n; j < ldc; j++) {
                            int at = off + bi * cStride + r * ldc + j;
                            assertEquals(c0[at], blas[at], what + " gap at " + at);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theOptionIsOffByDefaultAndNamesAreChecked() {
        assertEquals("own", Gemm.engine());
        Gemm.setEngine("openblas");
        assertEquals("openblas", Gemm.engine());
        assertThrows(IllegalArgumentException.class, () -> Gemm.setEngine("mkl"));
        assertEquals("openblas", Gemm.engine());
    }

    @Test
    void openBlasDiffersFromOurGemmOnlyInTheLastBits() {
        // a long reduction: the two sum in different orders, so bits may differ, but hardly more
        int m = 64, n = 64, k = 1000;
        float[] a = rng.uniformArray(m * k, -1, 1), b = rng.uniformArray(k * n, -1, 1);
        float[] own = new float[m * n], blas = new float[m * n];
        run("own", m, n, k, false, false, 1, a, b, own, k, n, n, 0, 0, 0, 0);
        run("openblas", m, n, k, false, false, 1, a, b, blas, k, n, n, 0, 0, 0, 0);
        double worst = 0;
        for (int i = 0; i < own.length; i++) worst = Math.max(worst, Math.abs(own[i] - blas[i]));
        assertTrue(worst < 1e-4, "max difference " + worst);
        float[] again = new float[m * n];
        run("own", m, n, k, false, false, 1, a, b, again, k, n, n, 0, 0, 0, 0);
        assertArrayEquals(own, again);
    }

    private static void run(String engine, int m, int n, int k, boolean ta, boolean tb, int batch, float[] a, float[] b, float[] c,
                            int lda, int ldb, int ldc, int aStride, int bStride, int cStride, int off) {
        Gemm.setEngine(engine);
        Gemm.gemm(new GemmDesc(1, batch, m, n, k, 1.5f, 0.5f,
                new CpuStorage(a), off, lda, ta, 0, aStride,
                new CpuStorage(b), off, ldb, tb, 0, bStride,
                new CpuStorage(c), off, ldc, 0, cStride));
    }
}
