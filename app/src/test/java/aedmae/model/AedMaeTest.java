package aedmae.model;

import aedmae.nn.AdamW;
import aedmae.nn.Checkpoint;
import aedmae.tensor.GradCheck;
import aedmae.tensor.IntTensor;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AedMaeTest {
    @TempDir
    Path dir;

    @Test
    void avenueParameterCountsAreTheReferenceNumbers() {
        AedMae withHead = new AedMae(Preset.named("avenue"), true, 0);
        AedMae reference = new AedMae(Preset.named("avenue"), false, 0);
        assertEquals(3_042_560L, reference.parameterCount(), "docs/model-spec.md: 3,042,560 without the classification head");
        assertEquals(3_042_560L + 257, withHead.parameterCount(), "plus 257 for the head");
        assertEquals(257L, withHead.parameterCountsByPart().get("classification head"));
    }

    @Test
    void stateDictUsesTheReferenceNames() {
        Set<String> names = new AedMae(Preset.named("tiny"), true, 0).namedState().keySet();
        for (String n : List.of("patch_embed.proj.weight", "patch_embed.norm.bias", "cls_token", "blocks.0.norm1.weight",
                "blocks.0.attn.conv_proj_q.conv.weight", "blocks.0.attn.conv_proj_q.bn.running_mean", "blocks.0.attn.proj_q.weight",
                "blocks.0.attn.proj.bias", "blocks.0.mlp.net.0.weight", "blocks.0.mlp.net.3.weight", "norm.weight", "decoder_embed.weight",
                "mask_token", "decoder_blocks.2.norm2.bias", "decoder_norm.weight", "decoder_pred.weight",
                "decoder_student_block.attn.proj_k.weight", "decoder_student_norm.weight", "decoder_student_pred.bias",
                "cls_head.weight", "cls_head.bias")) {
            assertTrue(names.contains(n), "missing " + n);
        }
    }

    @Test
    void shapesAndMaskingContract() {
        Preset p = Preset.named("tiny");
        AedMae m = new AedMae(p, true, 1);
        Tensor x = new Rng(2).uniform(-1, 1, 3, 9, p.height(), p.width());
        Masking mask = m.randomMasking(3, new Rng(3));
        ModelOutput out = m.forward(x, mask);
        int l = p.tokens(), k = p.keptTokens();
        assertEquals(32, l);
        assertEquals(16, k);
        assertArrayEquals(new int[]{3, l, 64}, out.teacher().shape());
        assertArrayEquals(new int[]{3, l, 64}, out.student().shape());
        assertArrayEquals(new int[]{3, 1}, out.clsLogit().shape());
        // 0 is keep, 1 is remove; exactly L-K removed per sample; kept ids are the zeros
        float[] mv = mask.mask().toArray();
        for (int b = 0; b < 3; b++) {
            int removed = 0;
            for (int i = 0; i < l; i++) removed += (int) mv[b * l + i];
            assertEquals(l - k, removed);
            for (int j = 0; j < k; j++) assertEquals(0f, mv[b * l + mask.idsKeep().get(b, j)]);
        }
        assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(1, 9, 8, 8), Masking.random(1, l, k, new Rng(1))));
        assertThrows(IllegalArgumentException.class, () -> Masking.fromKept(IntTensor.of(new int[]{1, 1}, 1, 2), l));
    }

    @Test
    void explicitKeptIdsReproduceAForwardPass() {
        Preset p = Preset.named("tiny");
        AedMae m = new AedMae(p, true, 1);
        m.eval();
        Tensor x = new Rng(2).uniform(-1, 1, 2, 9, p.height(), p.width());
        try (var s = GradMode.disable()) {
            Masking r = m.randomMasking(2, new Rng(9));
            ModelOutput a = m.forward(x, r);
            ModelOutput b = m.forward(x, Masking.fromKept(r.idsKeep(), p.tokens()));
            GradCheck.assertClose(a.teacher(), b.teacher(), 0, 0, "teacher");
            GradCheck.assertClose(a.student(), b.student(), 0, 0, "student");
            // the kept-patch embedding equals embedding every patch then gathering (stride = kernel)
            Tensor all = m.patchEmbed.forward(x);
            Tensor kept = m.patchEmbed.forwardKept(x, r);
            for (int bi = 0; bi < 2; bi++) {
                for (int j = 0; j < r.kept(); j++) {
                    GradCheck.assertClose(all.select(0, bi).select(0, r.idsKeep().get(bi, j)), kept.select(0, bi).select(0, j), 1e-5, 1e-5, "kept patch " + j);
                }
            }
        }
    }

    @Test
    void studentBranchesAfterTheFirstTeacherBlockAndHasItsOwnParameters() {
        AedMae m = new AedMae(Preset.named("tiny"), true, 1);
        Map<String, ?> student = m.studentParameters();
        assertTrue(student.keySet().stream().allMatch(n -> n.startsWith("decoder_student_")));
        long n = m.studentParameters().values().stream().mapToLong(pp -> pp.get().numel()).sum();
        assertEquals(m.parameterCountsByPart().get("student decoder"), n);
    }

    @Test
    void saveAndLoadGiveIdenticalOutputsAndBadCheckpointsAreRefused() throws IOException {
        Preset p = Preset.named("tiny");
        AedMae a = new AedMae(p, true, 1), b = new AedMae(p, true, 2);
        Path f = dir.resolve("m.safetensors");
        Checkpoint.save(a, f, Map.of("preset", p.name()));
        Checkpoint.load(b, f, true);
        a.eval();
        b.eval();
        Tensor x = new Rng(2).uniform(-1, 1, 2, 9, p.height(), p.width());
        Masking mk = a.randomMasking(2, new Rng(4));
        try (var s = GradMode.disable()) {
            GradCheck.assertClose(a.forward(x, mk).teacher(), b.forward(x, mk).teacher(), 0, 0, "reloaded teacher");
        }
        AedMae other = new AedMae(Preset.named("ped2-fast"), true, 1);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(other, f, true));
        assertTrue(e.getMessage().contains("shape of patch_embed.proj.weight"), e.getMessage());
        AedMae noHead = new AedMae(p, false, 1);
        IOException e2 = assertThrows(IOException.class, () -> Checkpoint.load(noHead, f, true));
        assertTrue(e2.getMessage().contains("unexpected cls_head.weight"), e2.getMessage());
    }

    @Test
    void aSmallModelOverfitsOneBatch() {
        // the real task on one fixed batch: reconstruct frame t (smooth images, so masked tokens
        // are predictable from their neighbours) with a fixed masking
        Preset p = Preset.named("tiny");
        AedMae m = new AedMae(p, false, 5);
        int b = 2, h = p.height(), w = p.width();
        float[] img = new float[b * 3 * h * w];
        for (int s = 0; s < b; s++) for (int c = 0; c < 3; c++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            img[((s * 3 + c) * h + y) * w + x] = (float) (0.5 * Math.sin(0.3 * x + s + c) + 0.4 * Math.cos(0.5 * y - c * s));
        }
        Tensor frame = Tensor.of(img, b, 3, h, w);
        Tensor x = aedmae.tensor.F.cat(1, frame, frame, frame);
        Tensor target = aedmae.tensor.F.cat(1, frame, Tensor.full(-1f, b, 1, h, w));
        Masking mask = m.randomMasking(b, new Rng(6));
        Tensor weights = Objectives.uniformWeights(b, p.tokens());
        AdamW opt = AdamW.paperDefaults(m.namedParameters(), 3e-3f);
        double first = 0, last = 0;
        for (int step = 0; step < 200; step++) {
            Tensor loss = Objectives.weightedReconstruction(m.forward(x, mask).teacher(), target, weights, p.patch());
            if (step == 0) first = loss.item();
            last = loss.item();
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        assertTrue(last < first / 100, "the loss must fall 100-fold: " + first + " -> " + last);
    }
}
