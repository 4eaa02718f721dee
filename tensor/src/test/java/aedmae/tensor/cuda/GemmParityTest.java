package aedmae.tensor.cuda;

import aedmae.tensor.GemmDesc;
import aedmae.tensor.UnaryOp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every GEMM variant against the CPU twin: odd sizes, all four transpose combinations, alpha
 * and beta (beta = 0 with a NaN-poisoned C), two batch dims with a broadcast operand,
 * misaligned offsets, split-K, and the fused epilogues (GPU only).
 */
class GemmParityTest {
    @BeforeAll
    static void gpu() {
        Gpu.assume();
    }

    /** One product on both backends; C starts poisoned when beta == 0. */
    private static void check(Gpu t, String variant, Precision precision, int b1, int b2, int m, int n, int k,
                              float alpha, float beta, boolean ta, boolean tb, int aOff, int bOff, boolean broadcastB) {
        int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 3, ldc = n + 2;
        int aMat = (ta ? k : m) * lda, bMat = (tb ? n : k) * ldb, cMat = m * ldc;
        int aS2 = aMat, aS1 = aMat * b2, bS2 = broadcastB ? 0 : bMat, bS1 = broadcastB ? 0 : bMat * b2, cS2 = cMat, cS1 = cMat * b2;
        Gpu.Pair a = t.randnPair(aOff + aMat * b1 * b2);
        Gpu.Pair b = t.randnPair(bOff + bMat * (broadcastB ? 1 : b1 * b2));
        Gpu.Pair c = beta == 0f ? t.poisoned(1 + cMat * b1 * b2) : t.randnPair(1 + cMat * b1 * b2);
        t.cpu.gemm(new GemmDesc(b1, b2, m, n, k, alpha, beta, a.cpu(), aOff, lda, ta, aS1, aS2, b.cpu(), bOff, ldb, tb, bS1, bS2,
                c.cpu(), 1, ldc, cS1, cS2));
        t.gpu.gemm(new GemmDesc(b1, b2, m, n, k, alpha, beta, a.gpu(), aOff, lda, ta, aS1, aS2, b.gpu(), bOff, ldb, tb, bS1, bS2,
                c.gpu(), 1, ldc, cS1, cS2));
        t.ran();
        // the padding columns of C stay poisoned (or random) on both sides, so compare only the product
        float[] ref = Gpu.read(t.cpu, c.cpu(), c.length()), got = Gpu.read(t.gpu, c.gpu(), c.length());
        int count = b1 * b2 * m * n;
        float[] r = new float[count], g = new float[count];
        for (int z = 0, q = 0; z < b1 * b2; z++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++, q++) {
                    int at = 1 + z * cMat + i * ldc + j;
                    r[q] = ref[at];
                    g[q] = got[at];
                }
        t.assertClose(String.format("%s %dx%d batch %dx%d m=%d n=%d k=%d alpha=%s beta=%s ta=%s tb=%s aOff=%d",
                variant, b1, b2, b1, b2, m, n, k, alpha, beta, ta, tb, aOff), r, g, precision);
    }

    @Test
    void everyVariantOnOddAndTransposedProducts() {
        Gpu t = new Gpu();
        t.eachVariant(Op.GEMM, v -> {
            int[][] sizes = {{1, 1, 1}, {37, 53, 29}, {128, 128, 64}, {200, 96, 300}, {65, 130, 8}, {3, 5, 0}};
            for (int[] s : sizes) {
                for (int tr = 0; tr < 4; tr++) {
                    check(t, v.name(), v.precision(), 1, 1, s[0], s[1], s[2], 1f, 0f, (tr & 1) != 0, (tr & 2) != 0, 0, 0, false);
                }
            }
            check(t, v.name(), v.precision(), 1, 1, 70, 90, 33, 0.5f, 1f, false, true, 1, 2, false);
            check(t, v.name(), v.precision(), 1, 1, 70, 90, 33, -2f, 0.5f, true, false, 4, 4, false);
            // attention-style [batch, head] views with a broadcast B
            check(t, v.name(), v.precision(), 2, 3, 41, 17, 24, 0.125f, 0f, false, true, 0, 0, false);
            check(t, v.name(), v.precision(), 3, 2, 33, 40, 16, 1f, 0f, false, false, 0, 0, true);
            // long K with few output tiles: split-K (weight gradient shape)
            check(t, v.name(), v.precision(), 1, 1, 64, 96, 4000, 1f, 0f, true, false, 0, 0, false);
            check(t, v.name(), v.precision(), 1, 1, 64, 96, 4000, 1f, 1f, true, false, 0, 0, false);
        });
    }

    @Test
    void fusedEpilogues() {
        Gpu t = new Gpu();
        for (String variant : new String[]{KernelRegistry.GEMM_SIMT, KernelRegistry.GEMM_TF32_128, KernelRegistry.GEMM_TF32_64}) {
            Precision precision = KernelRegistry.byName(variant).precision();
            int m = 150, n = 96, k = 72;
            Gpu.Pair x = t.randnPair(m * k), w = t.randnPair(n * k), bias = t.randnPair(n + 1), res = t.randnPair(m * n);
            for (int mode = 0; mode < 3; mode++) {
                Gpu.Pair y = t.poisoned(m * n);
                // CPU: the unfused sequence
                t.cpu.gemm(GemmDesc.single(m, n, k, 1f, 0f, x.cpu(), 0, k, false, w.cpu(), 0, k, true, y.cpu(), 0, n));
                t.cpu.binary(aedmae.tensor.BinaryOp.ADD, new int[]{m, n}, y.cpu(), 0, new int[]{n, 1}, bias.cpu(), 1, new int[]{0, 1}, y.cpu(), 0);
                if (mode == 1) t.cpu.unary(UnaryOp.GELU, 0, 0, y.cpu(), 0, y.cpu(), 0, m * n);
                if (mode == 2) t.cpu.binary(aedmae.tensor.BinaryOp.ADD, new int[]{m * n}, y.cpu(), 0, new int[]{1}, res.cpu(), 0, new int[]{1}, y.cpu(), 0);
                Epilogue e = switch (mode) {
                    case 0 -> Epilogue.bias(bias.gpu(), 1);
                    case 1 -> Epilogue.biasGelu(bias.gpu(), 1);
                    default -> Epilogue.biasResidual(bias.gpu(), 1, res.gpu(), 0, n);
                };
                try (AutoCloseable f = t.gpu.force(variant)) {
                    t.gpu.gemm(GemmDesc.single(m, n, k, 1f, 0f, x.gpu(), 0, k, false, w.gpu(), 0, k, true, y.gpu(), 0, n), e);
                } catch (Exception ex) {
                    throw new AssertionError(ex);
                }
                t.assertClose(variant + " epilogue " + e, y, precision);
            }
        }
    }

    @Test
    void groupedQkvProjectionsInOneLaunch() {
        // q, k, v = Linear_{q,k,v}(conv_{q,k,v}(x)): three inputs, three weights, three biases, one batched GEMM
        Gpu t = new Gpu();
        int m = 70, n = 64, k = 64, groups = 3;
        Gpu.Pair a = t.randnPair(groups * m * k), w = t.randnPair(groups * n * k), bias = t.randnPair(groups * n);
        for (String variant : new String[]{KernelRegistry.GEMM_SIMT, KernelRegistry.GEMM_TF32_64, KernelRegistry.GEMM_TF32_128}) {
            Gpu.Pair c = t.poisoned(groups * m * n);
            for (int q = 0; q < groups; q++) {
                t.cpu.gemm(GemmDesc.single(m, n, k, 1f, 0f, a.cpu(), q * m * k, k, false, w.cpu(), q * n * k, k, true, c.cpu(), q * m * n, n));
                t.cpu.binary(aedmae.tensor.BinaryOp.ADD, new int[]{m, n}, c.cpu(), q * m * n, new int[]{n, 1}, bias.cpu(), q * n,
                        new int[]{0, 1}, c.cpu(), q * m * n);
            }
            try (AutoCloseable f = t.gpu.force(variant)) {
                t.gpu.gemm(new GemmDesc(groups, 1, m, n, k, 1f, 0f, a.gpu(), 0, k, false, m * k, 0, w.gpu(), 0, k, true, n * k, 0,
                        c.gpu(), 0, n, m * n, 0), Epilogue.groupedBias(bias.gpu(), 0, n));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            t.assertClose(variant + " grouped q/k/v with per-group bias", c, KernelRegistry.byName(variant).precision());
        }
    }

    @Test
    void layerNormOfTheResult() {
        Gpu t = new Gpu();
        t.eachVariant(Op.GEMM_LAYER_NORM, v -> {
            for (int n : new int[]{64, 128, 200, 256}) {
                int m = 150, k = 96;
                Gpu.Pair x = t.randnPair(m * k), w = t.randnPair(n * k), bias = t.randnPair(n), res = t.randnPair(m * n);
                Gpu.Pair lw = t.randnPair(n), lb = t.randnPair(n);
                Gpu.Pair c = t.poisoned(m * n), y = t.poisoned(m * n + 3), mean = t.poisoned(m), rstd = t.poisoned(m);
                // the CPU twin of gemm_tf32_ln128/256
                aedmae.tensor.cpu.GemmLayerNorm.forward(GemmDesc.single(m, n, k, 1f, 0f, x.cpu(), 0, k, false, w.cpu(), 0, k, true, c.cpu(), 0, n),
                        host(bias.cpu()), 0, false, host(res.cpu()), 0, n, host(lw.cpu()), host(lb.cpu()), 1e-6f,
                        host(y.cpu()), 3, n, host(mean.cpu()), host(rstd.cpu()));
                Epilogue e = Epilogue.biasResidual(bias.gpu(), 0, res.gpu(), 0, n)
                        .withNorm(new RowNorm(lw.gpu(), lb.gpu(), 1e-6f, y.gpu(), 3, n, mean.gpu(), rstd.gpu()));
                t.gpu.gemm(GemmDesc.single(m, n, k, 1f, 0f, x.gpu(), 0, k, false, w.gpu(), 0, k, true, c.gpu(), 0, n), e);
                t.ran();
                String what = v.name() + " n=" + n;
                t.assertClose(what + " sum", c, v.precision());
                t.assertClose(what + " layernorm", y, v.precision());
                t.assertClose(what + " mean", mean, v.precision());
                t.assertClose(what + " rstd", rstd, v.precision());
            }
        });
    }

    private static float[] host(aedmae.tensor.Storage s) {
        return ((aedmae.tensor.cpu.CpuStorage) s).data;
    }
}
