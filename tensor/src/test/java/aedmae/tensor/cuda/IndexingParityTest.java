package aedmae.tensor.cuda;

import aedmae.tensor.ModelKernels;
import aedmae.tensor.PackedBytes;
import aedmae.tensor.Storage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static aedmae.tensor.cuda.Precision.FP32;

/**
 * gather, scatter, index_select, index_add and the masking kernels (kept-token gather,
 * unshuffle with mask tokens, kept-patch rows, frame stacks) against CPU references (GPU only).
 */
class IndexingParityTest {
    @BeforeAll
    static void gpu() {
        Gpu.assume();
    }

    private static int[] permutation(Gpu t, int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add(i);
        Collections.shuffle(l, t.rnd);
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void gatherAndScatter() {
        Gpu t = new Gpu();
        // x [4, 10, 6] viewed with strides (a permuted layout), index [4, 7, 6] along dim 1
        int[] xShape = {4, 10, 6}, xStrides = {1, 24, 4}, idxShape = {4, 7, 6};
        int n = 4 * 7 * 6;
        int[] index = new int[n];
        for (int i = 0; i < n; i++) index[i] = t.rnd.nextInt(10);
        Gpu.Pair x = t.randnPair(240 + 5), out = t.poisoned(n + 1);
        t.cpu.gather(idxShape, x.cpu(), 5, xStrides, 1, index, out.cpu(), 1);
        t.gpu.gather(idxShape, x.gpu(), 5, xStrides, 1, index, out.gpu(), 1);
        t.assertClose("gather", out, FP32);
        // scatter-add with repeated indices (the gather's adjoint)
        Gpu.Pair src = t.randnPair(n), acc = t.randnPair(240);
        int[] outStrides = {60, 6, 1};
        t.cpu.scatter(idxShape, src.cpu(), 0, 1, index, acc.cpu(), 0, outStrides, true);
        t.gpu.scatter(idxShape, src.gpu(), 0, 1, index, acc.gpu(), 0, outStrides, true);
        t.assertClose("scatter add", acc, FP32);
        // plain scatter with a permutation per row (no repeated targets)
        int[] perm = new int[4 * 10 * 6];
        for (int b = 0; b < 4; b++)
            for (int c = 0; c < 6; c++) {
                int[] p = permutation(t, 10);
                for (int j = 0; j < 10; j++) perm[(b * 10 + j) * 6 + c] = p[j];
            }
        Gpu.Pair src2 = t.randnPair(240), dst = t.poisoned(240);
        t.cpu.scatter(xShape, src2.cpu(), 0, 1, perm, dst.cpu(), 0, outStrides, false);
        t.gpu.scatter(xShape, src2.gpu(), 0, 1, perm, dst.gpu(), 0, outStrides, false);
        t.assertClose("scatter", dst, FP32);
    }

    @Test
    void indexSelectAndAdd() {
        Gpu t = new Gpu();
        int outer = 3, n = 50, inner = 16;
        int[] index = new int[70];
        for (int i = 0; i < index.length; i++) index[i] = t.rnd.nextInt(n); // repeats
        Gpu.Pair x = t.randnPair(outer * n * inner + 2), out = t.poisoned(outer * index.length * inner);
        t.cpu.indexSelect(x.cpu(), 2, outer, n, inner, index, out.cpu(), 0);
        t.gpu.indexSelect(x.gpu(), 2, outer, n, inner, index, out.gpu(), 0);
        t.assertClose("index_select", out, FP32);
        Gpu.Pair dx = t.randnPair(outer * n * inner);
        t.cpu.indexAdd(out.cpu(), 0, outer, n, inner, index, dx.cpu(), 0);
        t.gpu.indexAdd(out.gpu(), 0, outer, n, inner, index, dx.gpu(), 0);
        t.assertClose("index_add", dx, FP32);
        // the same index array again comes from the cache
        int before = t.gpu.cachedIndexArrays();
        t.gpu.indexSelect(x.gpu(), 2, outer, n, inner, index.clone(), out.gpu(), 0);
        org.junit.jupiter.api.Assertions.assertEquals(before, t.gpu.cachedIndexArrays());
    }

    @Test
    void maskingKernels() {
        Gpu t = new Gpu();
        int batch = 3, tokens = 20, dim = 8, kept = 10;
        int[] keep = new int[batch * kept], restore = new int[batch * tokens];
        for (int b = 0; b < batch; b++) {
            int[] shuffle = permutation(t, tokens); // ids_shuffle: kept first
            for (int j = 0; j < kept; j++) keep[b * kept + j] = shuffle[j];
            for (int j = 0; j < tokens; j++) restore[b * tokens + shuffle[j]] = j; // ids_restore
        }
        float[] x = t.randn(batch * tokens * dim);
        Gpu.Pair px = t.both(x), out = t.poisoned(batch * kept * dim);
        try (DeviceBuffer dk = t.gpu.uploadInts(keep); DeviceBuffer dr = t.gpu.uploadInts(restore)) {
            t.gpu.gatherTokens(px.gpu(), 0, batch, tokens, dim, dk, kept, out.gpu(), 0);
            ModelKernels.of(t.cpu).gatherTokens(px.cpu(), 0, batch, tokens, dim, keep, kept, out.cpu(), 0); // the CPU twin
            t.assertClose("gather_tokens", out, FP32);

            // decoder input: [CLS] + kept tokens, unshuffled with mask tokens
            float[] enc = t.randn(batch * (kept + 1) * dim), mask = t.randn(dim);
            Gpu.Pair pe = t.both(enc), pm = t.both(mask), dec = t.poisoned(batch * (tokens + 1) * dim);
            t.gpu.unshuffleTokens(pe.gpu(), 0, batch, tokens, kept, dim, dr, pm.gpu(), 0, dec.gpu(), 0);
            ModelKernels.of(t.cpu).unshuffleTokens(pe.cpu(), 0, batch, tokens, kept, dim, restore, pm.cpu(), 0, dec.cpu(), 0);
            t.assertClose("unshuffle_tokens", dec, FP32);
        }
    }

    @Test
    void patchRowsOfKeptPatches() {
        Gpu t = new Gpu();
        int batch = 2, c = 9, h = 16, w = 24, p = 4, tokens = (h / p) * (w / p), kept = 11;
        int[] keep = new int[batch * kept];
        for (int b = 0; b < batch; b++) {
            int[] perm = permutation(t, tokens);
            System.arraycopy(perm, 0, keep, b * kept, kept);
        }
        float[] x = t.randn(batch * c * h * w);
        Gpu.Pair px = t.both(x);
        Gpu.Pair out = t.poisoned(batch * kept * c * p * p);
        ModelKernels.of(t.cpu).patchRows(px.cpu(), 0, batch, c, h, w, p, keep, kept, out.cpu(), 0); // the CPU twin
        try (DeviceBuffer dk = t.gpu.uploadInts(keep)) {
            t.gpu.patchRows(px.gpu(), 0, batch, c, h, w, p, dk, kept, out.gpu(), 0);
        }
        t.assertClose("patch_rows", out, FP32);
    }

    @Test
    void frameStacksAndBytesToFloats() {
        Gpu t = new Gpu();
        int frames = 5, h = 6, w = 7, block = 3 * h * w;
        byte[] bytes = new byte[frames * block + 1]; // odd length: a padded last word
        t.rnd.nextBytes(bytes);
        int[] idx = {0, 1, 2, 1, 2, 3, 4, 4, 4};
        float[] words = PackedBytes.pack(bytes), idxWords = PackedBytes.packInts(idx);
        Storage f = t.gpu.upload(words, 0, words.length), i = t.gpu.upload(idxWords, 0, idxWords.length);
        float[] ref = new float[idx.length * block];
        aedmae.tensor.cpu.Im2col.stackFramesU8(words, 0, idxWords, 0, idx.length, block, ref, 0); // the CPU twin
        Gpu.Pair out = t.poisoned(ref.length);
        t.gpu.stackFramesU8(f, 0, i, 0, idx.length, block, out.gpu(), 0);
        t.assertClose("stack_frames_u8 against its CPU twin", ref, Gpu.read(t.gpu, out.gpu(), ref.length), FP32);

        int n = bytes.length - 4; // from word 1
        float[] conv = new float[n];
        aedmae.tensor.cpu.Im2col.u8ToF32(words, 1, n, 2f, -1f, conv, 0);
        Gpu.Pair converted = t.poisoned(n);
        t.gpu.u8ToF32(f, 1, n, 2f, -1f, converted.gpu(), 0);
        t.assertClose("u8_to_f32 against its CPU twin", conv, Gpu.read(t.gpu, converted.gpu(), n), FP32);
    }

    @Test
    void patchRowsStraightFromFrames() {
        Gpu t = new Gpu();
        int frames = 4, h = 8, w = 12, p = 4, samples = 2, tokens = (h / p) * (w / p), kept = 3;
        byte[] bytes = new byte[frames * 3 * h * w];
        t.rnd.nextBytes(bytes);
        int[] idx = {0, 1, 2, 3, 3, 1};
        int[] keep = {5, 0, 2, 1, 4, 3};
        float[] words = PackedBytes.pack(bytes), idxWords = PackedBytes.packInts(idx);
        Storage fw = t.gpu.upload(words, 0, words.length), iw = t.gpu.upload(idxWords, 0, idxWords.length);
        Gpu.Pair stack = t.poisoned(samples * 9 * h * w), viaStack = t.poisoned(samples * kept * 9 * p * p);
        Gpu.Pair direct = t.poisoned(samples * kept * 9 * p * p), all = t.poisoned(samples * tokens * 9 * p * p);
        Gpu.Pair allViaStack = t.poisoned(samples * tokens * 9 * p * p);
        try (DeviceBuffer f = t.gpu.uploadBytes(bytes, 0, bytes.length); DeviceBuffer i = t.gpu.uploadInts(idx);
             DeviceBuffer k = t.gpu.uploadInts(keep)) {
            t.gpu.stackFramesU8(fw, 0, iw, 0, idx.length, 3 * h * w, stack.gpu(), 0);
            t.gpu.patchRows(stack.gpu(), 0, samples, 9, h, w, p, k, kept, viaStack.gpu(), 0);
            t.gpu.patchRowsFromFrames(f, i, samples, h, w, p, k, kept, direct.gpu(), 0);
            t.gpu.patchRows(stack.gpu(), 0, samples, 9, h, w, p, (DeviceBuffer) null, 0, allViaStack.gpu(), 0);
            t.gpu.patchRowsFromFrames(f, i, samples, h, w, p, null, 0, all.gpu(), 0);
        }
        t.assertClose("patch_rows_u8 = patch_rows(stack_frames_u8)", Gpu.read(t.gpu, viaStack.gpu(), viaStack.length()),
                Gpu.read(t.gpu, direct.gpu(), direct.length()), FP32);
        t.assertClose("patch_rows_u8, all tokens", Gpu.read(t.gpu, allViaStack.gpu(), all.length()),
                Gpu.read(t.gpu, all.gpu(), all.length()), FP32);
        float[] twin = new float[direct.length()];
        aedmae.tensor.cpu.Im2col.patchRowsU8(bytes, idx, samples, h, w, p, keep, kept, twin, 0);
        t.assertClose("patch_rows_u8 against its CPU twin", twin, Gpu.read(t.gpu, direct.gpu(), direct.length()), FP32);
    }
}
