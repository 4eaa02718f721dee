package aedmae.tensor;

import aedmae.tensor.cpu.CpuStorage;
import aedmae.tensor.cpu.GemmLayerNorm;
import aedmae.tensor.cpu.Im2col;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static aedmae.tensor.Testing.assertClose;

/**
 * The model kernels' CPU twins (and, on -Daedmae.device=sim, the same kernels through the
 * simulated device) against references written from their definitions. The CUDA kernels are
 * checked against these twins in the cuda parity tests.
 */
class ModelKernelTest {
    private final Random rnd = new Random(11);
    private final Backend be = Backends.get(Device.defaultDevice());
    private final ModelKernels k = ModelKernels.of(be);

    private float[] randn(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    private float[] read(Storage s, int n) {
        float[] out = new float[n];
        be.download(s, 0, out, 0, n);
        return out;
    }

    private Storage up(float[] a) {
        return be.upload(a, 0, a.length);
    }

    @Test
    void medianAbsDiffIsTheDifferenceOfTheMedians() {
        int planes = 6, h = 9, w = 21, n = planes * h * w;
        Tensor a = Tensor.of(randn(n), planes, h, w), b = Tensor.of(randn(n), planes, h, w);
        float[] ref = F.medianFilter3x3(a).sub(F.medianFilter3x3(b)).abs().toArray();
        Storage out = be.allocateUninitialized(n);
        k.medianAbsDiff(a.storage(), 0, b.storage(), 0, planes, h, w, out, 0);
        assertClose(ref, read(out, n), 0, 0, "median3x3_absdiff");
    }

    @Test
    void weightedMseAndItsGradient() {
        int tokens = 37, p = 12, ldt = 15;
        float[] pred = randn(tokens * p), target = randn(tokens * ldt), w = randn(tokens);
        float scale = 0.25f;
        float[] loss = new float[tokens], grad = new float[tokens * p];
        for (int t = 0; t < tokens; t++) {
            double s = 0;
            for (int j = 0; j < p; j++) {
                float d = pred[t * p + j] - target[t * ldt + j];
                s += d * d;
                grad[t * p + j] = scale * w[t] * 2f * d / p;
            }
            loss[t] = (float) (w[t] * s / p);
        }
        Storage l = be.allocateUninitialized(tokens), g = be.allocateUninitialized(tokens * p);
        k.weightedMse(up(pred), 0, up(target), 0, ldt, up(w), 0, tokens, p, scale, l, 0, g, 0);
        assertClose(loss, read(l, tokens), 1e-6, 1e-5, "weighted_mse loss");
        assertClose(grad, read(g, tokens * p), 0, 0, "weighted_mse gradient");
    }

    @Test
    void gatherAndUnshuffleTokensUndoEachOther() {
        int batch = 3, tokens = 10, kept = 4, dim = 5;
        float[] x = randn(batch * tokens * dim), mask = randn(dim);
        int[] keep = new int[batch * kept], restore = new int[batch * tokens];
        for (int b = 0; b < batch; b++) {
            int[] perm = rnd.ints(0, 1000).distinct().limit(tokens).toArray(); // random order of the tokens
            Integer[] order = new Integer[tokens];
            for (int i = 0; i < tokens; i++) order[i] = i;
            java.util.Arrays.sort(order, (u, v) -> Integer.compare(perm[u], perm[v]));
            for (int j = 0; j < tokens; j++) restore[b * tokens + order[j]] = j;
            for (int j = 0; j < kept; j++) keep[b * kept + j] = order[j];
        }
        Storage g = be.allocateUninitialized(batch * kept * dim);
        k.gatherTokens(up(x), 0, batch, tokens, dim, keep, kept, g, 0);
        float[] gathered = read(g, batch * kept * dim), ref = new float[gathered.length];
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < kept; j++)
                System.arraycopy(x, (b * tokens + keep[b * kept + j]) * dim, ref, (b * kept + j) * dim, dim);
        assertClose(ref, gathered, 0, 0, "gather_tokens");

        // the encoder's output: [CLS] then the kept tokens; the decoder's input puts them back
        float[] enc = new float[batch * (kept + 1) * dim];
        for (int b = 0; b < batch; b++) {
            for (int d = 0; d < dim; d++) enc[b * (kept + 1) * dim + d] = 100 + d;
            System.arraycopy(gathered, b * kept * dim, enc, (b * (kept + 1) + 1) * dim, kept * dim);
        }
        Storage dec = be.allocateUninitialized(batch * (tokens + 1) * dim);
        k.unshuffleTokens(up(enc), 0, batch, tokens, kept, dim, restore, up(mask), 0, dec, 0);
        float[] out = read(dec, batch * (tokens + 1) * dim);
        for (int b = 0; b < batch; b++) {
            for (int d = 0; d < dim; d++) org.junit.jupiter.api.Assertions.assertEquals(100 + d, out[b * (tokens + 1) * dim + d]);
            for (int l = 0; l < tokens; l++) {
                boolean wasKept = restore[b * tokens + l] < kept;
                for (int d = 0; d < dim; d++) {
                    float want = wasKept ? x[(b * tokens + l) * dim + d] : mask[d];
                    org.junit.jupiter.api.Assertions.assertEquals(want, out[(b * (tokens + 1) + 1 + l) * dim + d], "token " + l + " of sample " + b);
                }
            }
        }
    }

    @Test
    void patchRowsAreThePatchesOfTheKeptTokens() {
        int batch = 2, c = 3, h = 8, w = 12, p = 4, tokens = (h / p) * (w / p), row = c * p * p;
        float[] x = randn(batch * c * h * w);
        // all tokens, in order: the rows of a stride-p convolution's im2col, token-major
        Storage all = be.allocateUninitialized(batch * tokens * row);
        k.patchRows(up(x), 0, batch, c, h, w, p, null, tokens, all, 0);
        float[] rows = read(all, batch * tokens * row), ref = new float[rows.length];
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < tokens; t++)
                for (int e = 0; e < row; e++) {
                    int ch = e / (p * p), py = (e / p) % p, px = e % p, ty = t / (w / p), tx = t % (w / p);
                    ref[(b * tokens + t) * row + e] = x[((b * c + ch) * h + ty * p + py) * w + tx * p + px];
                }
        assertClose(ref, rows, 0, 0, "patch_rows, all tokens");
        int[] keep = {5, 0, 3, 2, 1, 4};
        Storage some = be.allocateUninitialized(batch * 3 * row);
        k.patchRows(up(x), 0, batch, c, h, w, p, keep, 3, some, 0);
        float[] kept = read(some, batch * 3 * row), want = new float[kept.length];
        for (int bj = 0; bj < batch * 3; bj++) System.arraycopy(ref, ((bj / 3) * tokens + keep[bj]) * row, want, bj * row, row);
        assertClose(want, kept, 0, 0, "patch_rows, kept tokens");
    }

    @Test
    void thePatchRowsOpIsTheConvolutionRowsThenIndexSelect() {
        int batch = 3, c = 9, h = 12, w = 20, p = 4, hp = h / p, wp = w / p, tokens = hp * wp, kept = 7;
        Tensor x = Testing.rand(new Rng(5), batch, c, h, w);
        int[] keep = new int[batch * kept], rows = new int[batch * kept];
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < kept; j++) {
                keep[b * kept + j] = (7 * j + 3 * b + 1) % tokens;
                rows[b * kept + j] = b * tokens + keep[b * kept + j];
            }
        // the composite of app's PatchEmbed: every patch as a row (a permuted copy), then the kept rows
        Tensor all = x.reshape(batch, c, hp, p, wp, p).permute(0, 2, 4, 1, 3, 5).reshape(batch * tokens, c * p * p);
        Tensor want = F.indexSelect(all, 0, IntTensor.of(rows, batch * kept));
        Tensor got = F.patchRows(x, p, IntTensor.of(keep, batch, kept));
        org.junit.jupiter.api.Assertions.assertArrayEquals(want.shape(), got.shape());
        assertClose(want, got, 0, 0, "patch rows");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> F.patchRows(x, p, IntTensor.of(new int[]{0, tokens, 1}, batch, 1)), "a token id outside the grid");
    }

    @Test
    void uint8FramesStackAndPatchLikeTheFloatPath() {
        int frames = 5, samples = 2, h = 8, w = 8, p = 4, tokens = 4, block = 3 * h * w;
        byte[] f = new byte[frames * block];
        rnd.nextBytes(f);
        int[] idx = {0, 2, 4, 1, 1, 3};
        PackedBytes packed = PackedBytes.upload(be.device(), f);
        Storage idxWords = up(PackedBytes.packInts(idx));
        Storage out = be.allocateUninitialized(samples * 9 * h * w);
        k.stackFramesU8(packed.storage(), 0, idxWords, 0, idx.length, block, out, 0);
        float[] stack = read(out, samples * 9 * h * w);
        for (int s = 0; s < samples; s++)
            for (int ch = 0; ch < 9; ch++)
                for (int pix = 0; pix < h * w; pix++) {
                    int v = f[(idx[3 * s + ch / 3] * 3 + ch % 3) * h * w + pix] & 0xFF;
                    org.junit.jupiter.api.Assertions.assertEquals((v - 127.5f) / 127.5f, stack[(s * 9 + ch) * h * w + pix], 0f);
                }
        int[] keep = {3, 1, 0, 2};
        float[] composed = new float[samples * 2 * 9 * p * p], fused = new float[composed.length];
        Im2col.patchRows(stack, 0, samples, 9, h, w, p, keep, 2, composed, 0);
        Im2col.patchRowsU8(f, idx, samples, h, w, p, keep, 2, fused, 0);
        assertClose(composed, fused, 0, 0, "patch_rows_u8 = patch_rows(stack_frames_u8)");
        float[] allC = new float[samples * tokens * 9 * p * p], allF = new float[allC.length];
        Im2col.patchRows(stack, 0, samples, 9, h, w, p, null, tokens, allC, 0);
        Im2col.patchRowsU8(f, idx, samples, h, w, p, null, tokens, allF, 0);
        assertClose(allC, allF, 0, 0, "patch_rows_u8, all tokens");
    }

    @Test
    void bytesToFloatsKeepEveryBitPatternAndScale() {
        byte[] all = new byte[256 + 7]; // every value, then a word whose bits are a signalling NaN
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        all[256] = 1;
        all[258] = (byte) 0x80;
        all[259] = 0x7F;
        all[260] = (byte) 200;
        PackedBytes packed = PackedBytes.upload(be.device(), all);
        Storage out = be.allocateUninitialized(all.length);
        k.u8ToF32(packed.storage(), 0, all.length, 2f, -1f, out, 0);
        float[] got = read(out, all.length);
        for (int i = 0; i < all.length; i++)
            org.junit.jupiter.api.Assertions.assertEquals((all[i] & 0xFF) * 2f - 1f, got[i], 0f, "byte " + i);
        PackedBytes tail = packed.slice(256, 7);
        Storage t = be.allocateUninitialized(3);
        k.u8ToF32(tail.storage(), tail.wordOffset() + 1, 3, 1f, 0f, t, 0);
        assertClose(new float[]{200, 0, 0}, read(t, 3), 0, 0, "u8_to_f32 from a word offset");
    }

    @Test
    void gemmWithAFusedLayerNormIsTheProductThenTheNorm() {
        int m = 7, n = 10, kk = 6;
        float[] a = randn(m * kk), b = randn(n * kk), bias = randn(n), res = randn(m * n), nw = randn(n), nb = randn(n), c = new float[m * n];
        float[] out = new float[m * n], mean = new float[m], rstd = new float[m];
        GemmLayerNorm.forward(GemmDesc.single(m, n, kk, 1f, 0f, new CpuStorage(a), 0, kk, false, new CpuStorage(b), 0, kk, true, new CpuStorage(c), 0, n),
                bias, 0, false, res, 0, n, nw, nb, 1e-5f, out, 0, n, mean, rstd);
        Tensor x = Tensor.of(Device.CPU, a, m, kk), wt = Tensor.of(Device.CPU, b, n, kk);
        Tensor sum = F.linear(x, wt, Tensor.of(Device.CPU, bias, n)).add(Tensor.of(Device.CPU, res, m, n));
        assertClose(sum.toArray(), c, 1e-5, 1e-5, "gemm_tf32_ln twin: C");
        Tensor y = F.layerNorm(sum, Tensor.of(Device.CPU, nw, n), Tensor.of(Device.CPU, nb, n), 1e-5f);
        assertClose(y.toArray(), out, 1e-5, 1e-4, "gemm_tf32_ln twin: LayerNorm of C");
    }
}
