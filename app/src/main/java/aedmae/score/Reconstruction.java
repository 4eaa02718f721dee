package aedmae.score;

import aedmae.model.AedMae;
import aedmae.model.Masking;
import aedmae.model.ModelOutput;
import aedmae.model.Patches;
import aedmae.model.Preset;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;

/**
 * Deterministic reconstructions for scoring. The reference code keeps random masking on at test
 * time, unseeded, so its scores change from run to run. Here a seed fixes the masks, and K
 * complementary maskings are run so that every token is reconstructed while it is masked: each
 * token's prediction is the average over the passes that masked it (with mask ratio 1/2 and
 * K = 2, exactly one pass each). The class probability is averaged over the K passes.
 *
 * <p>Shapes: input [B, 9, H, W] -> teacher, student [B, 4, H, W] (frame t and anomaly map, as
 * images), classProbability [B].
 */
public final class Reconstruction {
    private final AedMae model;
    private final int passes;

    /** passes: how many complementary maskings (1 = a single seeded random masking). */
    public Reconstruction(AedMae model, int passes) {
        if (passes < 1) throw new IllegalArgumentException("scoring needs at least one masking pass, got " + passes);
        this.model = model;
        this.passes = passes;
    }

    /** Teacher and student images and class probabilities of one batch. */
    public record Result(Tensor teacher, Tensor student, float[] classProbability) {}

    /** Reconstructs a batch; rng fixes the maskings (seed it per batch for reproducible scores). */
    public Result run(Tensor input, Rng rng) {
        input = input.to(model.device()); // one upload for all passes
        Preset p = model.preset();
        int b = input.size(0), l = p.tokens(), k = p.keptTokens();
        try (var s = GradMode.disable()) {
            Masking[] maskings = passes == 1 ? new Masking[]{Masking.random(b, l, k, rng)} : Masking.complementary(b, l, k, passes, rng);
            Tensor teacherSum = null, studentSum = null, count = null;
            float[] prob = new float[b];
            for (Masking m : maskings) {
                ModelOutput out = model.forward(input, m);
                // weight each token's prediction by "masked in this pass" (1 = removed)
                Tensor w = passes == 1 ? Tensor.ones(b, l, 1) : m.mask().reshape(b, l, 1);
                Tensor t = out.teacher().mul(w), st = out.student().mul(w);
                teacherSum = teacherSum == null ? t : teacherSum.add(t);
                studentSum = studentSum == null ? st : studentSum.add(st);
                count = count == null ? w : count.add(w);
                float[] cp = out.clsProbability().toArray();
                for (int i = 0; i < b; i++) prob[i] += cp[i] / maskings.length;
            }
            // a token never masked (possible only with one pass and ratio < 1/2) keeps its plain prediction
            Tensor denom = count.maximum(Tensor.scalar(1e-12f));
            Tensor teacher = teacherSum.div(denom), student = studentSum.div(denom);
            return new Result(Patches.unpatchify(teacher, p.patch(), p.gridH(), p.gridW()),
                    Patches.unpatchify(student, p.patch(), p.gridH(), p.gridW()), prob);
        }
    }

    public int passes() {
        return passes;
    }
}
