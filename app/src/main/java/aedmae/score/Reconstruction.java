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
 * complementary maskings are run (with mask ratio 1/2 and K = 2 every token is masked in exactly
 * one pass and visible in the other). Each token's prediction is then the average over the passes
 * its {@link TokenSource} names: those that masked it (inpainting), those that showed it to the
 * encoder, or all of them. With {@link #UNMASKED} there is one pass that masks nothing (the encoder
 * sees the whole frame), and the sources coincide. The class probability is the mean or the max over the K passes
 * ({@link ClassAggregation}). {@link #runAll} gives every combination from one set of passes, so
 * scoring modes can be compared at the cost of one.
 *
 * <p>Shapes: input [B, 9, H, W] -> teacher, student [B, 4, H, W] (frame t and anomaly map, as
 * images), classProbability [B].
 */
public final class Reconstruction {
    /** {@code passes} value for one pass without masking: the encoder sees every token ({@link Masking#unmasked}). */
    public static final int UNMASKED = 0;

    private final AedMae model;
    private final int passes;

    /** passes: how many complementary maskings (1 = a single seeded random masking, {@link #UNMASKED} = none). */
    public Reconstruction(AedMae model, int passes) {
        if (passes < 0) throw new IllegalArgumentException("scoring needs at least one pass (0 = unmasked), got " + passes);
        this.model = model;
        this.passes = passes;
    }

    /** Teacher and student images and class probabilities of one batch. */
    public record Result(Tensor teacher, Tensor student, float[] classProbability) {}

    /** Every token source and aggregation of one batch's passes. */
    public static final class AllSources {
        private final java.util.EnumMap<TokenSource, Tensor[]> images = new java.util.EnumMap<>(TokenSource.class);
        private final java.util.EnumMap<ClassAggregation, float[]> probability = new java.util.EnumMap<>(ClassAggregation.class);

        public Result get(TokenSource source, ClassAggregation aggregation) {
            Tensor[] ts = images.get(source);
            return new Result(ts[0], ts[1], probability.get(aggregation));
        }
    }

    /** Reconstructs a batch with masked-token predictions and mean ŷ; rng fixes the maskings. */
    public Result run(Tensor input, Rng rng) {
        return runAll(input, rng).get(TokenSource.MASKED, ClassAggregation.MEAN);
    }

    /** Reconstructs a batch once and combines the passes every way; rng fixes the maskings. */
    public AllSources runAll(Tensor input, Rng rng) {
        Rng[] shared = new Rng[input.size(0)];
        java.util.Arrays.fill(shared, rng);
        return runAll(input, shared);
    }

    /**
     * The same with one generator per sample (perSample[b] for sample b; one generator repeated is
     * the batch's shared stream): a sample's masks then do not depend on the rest of its batch.
     */
    public AllSources runAll(Tensor input, Rng[] perSample) {
        input = input.to(model.device()); // one upload for all passes
        Preset p = model.preset();
        int b = input.size(0), l = p.tokens(), k = p.keptTokens();
        if (perSample.length != b) throw new IllegalArgumentException(perSample.length + " mask generators for a batch of " + b);
        try (var s = GradMode.disable()) {
            Masking[] maskings = passes == UNMASKED ? new Masking[]{Masking.unmasked(l, perSample)}
                    : passes == 1 ? new Masking[]{Masking.random(l, k, perSample)} : Masking.complementary(l, k, passes, perSample);
            java.util.EnumMap<TokenSource, Tensor[]> sums = new java.util.EnumMap<>(TokenSource.class); // {teacher, student, count}
            float[] mean = new float[b], max = new float[b];
            java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
            for (Masking m : maskings) {
                ModelOutput out = model.forward(input, m);
                Tensor masked = m.mask().reshape(b, l, 1); // 1 = removed in this pass
                for (TokenSource src : TokenSource.values()) {
                    // one pass: every token has a single prediction, whatever the source
                    Tensor w = maskings.length == 1 || src == TokenSource.ALL ? Tensor.ones(b, l, 1)
                            : src == TokenSource.MASKED ? masked : Tensor.ones(b, l, 1).sub(masked);
                    Tensor t = out.teacher().mul(w), st = out.student().mul(w);
                    Tensor[] acc = sums.get(src);
                    sums.put(src, acc == null ? new Tensor[]{t, st, w} : new Tensor[]{acc[0].add(t), acc[1].add(st), acc[2].add(w)});
                }
                float[] cp = out.clsProbability().toArray();
                for (int i = 0; i < b; i++) {
                    mean[i] += cp[i] / maskings.length;
                    max[i] = Math.max(max[i], cp[i]);
                }
            }
            AllSources all = new AllSources();
            for (TokenSource src : TokenSource.values()) {
                Tensor[] acc = sums.get(src);
                Tensor denom = acc[2].maximum(Tensor.scalar(1e-12f));
                all.images.put(src, new Tensor[]{Patches.unpatchify(acc[0].div(denom), p.patch(), p.gridH(), p.gridW()),
                        Patches.unpatchify(acc[1].div(denom), p.patch(), p.gridH(), p.gridW())});
            }
            all.probability.put(ClassAggregation.MEAN, mean);
            all.probability.put(ClassAggregation.MAX, max);
            return all;
        }
    }

    public int passes() {
        return passes;
    }
}
