package aedmae.model;

import aedmae.tensor.IntTensor;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;

/**
 * Which tokens each sample keeps (docs/model-spec.md step 2, MAE's random_masking).
 *
 * <p>idsKeep [B, K]: kept token ids in the order the encoder sees them. idsRestore [B, L]:
 * for each original token, its position in the shuffled order (kept ones first), used to
 * unshuffle the decoder's input. mask [B, L]: 0 is keep, 1 is remove (in the original order).
 */
public record Masking(IntTensor idsKeep, IntTensor idsRestore, Tensor mask, int tokens) {

    public int batch() {
        return idsKeep.size(0);
    }

    public int kept() {
        return idsKeep.size(1);
    }

    /**
     * Per-sample random masking: uniform noise per token, ascending argsort (small is keep,
     * large is remove), keep the first K.
     */
    public static Masking random(int batch, int tokens, int kept, Rng rng) {
        return random(tokens, kept, sameForAll(batch, rng));
    }

    /**
     * The same with one generator per sample: a sample's mask depends on its own generator only,
     * not on the batch it happens to be in (live scoring, whose batches depend on timing).
     */
    public static Masking random(int tokens, int kept, Rng[] perSample) {
        int batch = perSample.length;
        int[] keep = new int[batch * kept];
        for (int b = 0; b < batch; b++) {
            float[] noise = perSample[b].uniformArray(tokens, 0f, 1f);
            Integer[] order = new Integer[tokens];
            for (int i = 0; i < tokens; i++) order[i] = i;
            java.util.Arrays.sort(order, (x, y) -> Float.compare(noise[x], noise[y]));
            for (int j = 0; j < kept; j++) keep[b * kept + j] = order[j];
        }
        return fromKept(IntTensor.of(keep, batch, kept), tokens);
    }

    /**
     * Masking from explicit kept ids [B, K] (any forward pass can be reproduced). The removed
     * tokens follow in ascending order; their order does not matter since every mask token is the
     * same learned vector.
     */
    public static Masking fromKept(IntTensor idsKeep, int tokens) {
        if (idsKeep.dim() != 2) throw new IllegalArgumentException("ids_keep must be [B, K], got " + java.util.Arrays.toString(idsKeep.shape()));
        int b = idsKeep.size(0), k = idsKeep.size(1);
        if (k > tokens) throw new IllegalArgumentException("ids_keep keeps " + k + " of only " + tokens + " tokens");
        int[] keep = idsKeep.data();
        int[] restore = new int[b * tokens];
        float[] mask = new float[b * tokens];
        for (int s = 0; s < b; s++) {
            boolean[] kept = new boolean[tokens];
            for (int j = 0; j < k; j++) {
                int id = keep[s * k + j];
                if (id < 0 || id >= tokens) throw new IllegalArgumentException("ids_keep[" + s + "][" + j + "] = " + id + " is not a token id in [0, " + tokens + ")");
                if (kept[id]) throw new IllegalArgumentException("ids_keep[" + s + "] keeps token " + id + " twice");
                kept[id] = true;
                restore[s * tokens + id] = j;
            }
            int pos = k;
            for (int id = 0; id < tokens; id++) {
                if (kept[id]) continue;
                restore[s * tokens + id] = pos++;
                mask[s * tokens + id] = 1f;
            }
        }
        return new Masking(IntTensor.of(keep.clone(), b, k), IntTensor.of(restore, b, tokens), Tensor.of(mask, b, tokens), tokens);
    }

    /**
     * Complementary maskings for deterministic scoring: one random permutation per sample split
     * into groups of K kept tokens, so that over all the maskings every token is removed (and
     * reconstructed) the same number of times. With mask ratio 1/2 there are two maskings, and
     * each token is reconstructed exactly once.
     */
    public static Masking[] complementary(int batch, int tokens, int kept, int count, Rng rng) {
        return complementary(tokens, kept, count, sameForAll(batch, rng));
    }

    /** The same with one generator per sample (see {@link #random(int, int, Rng[])}). */
    public static Masking[] complementary(int tokens, int kept, int count, Rng[] perSample) {
        int batch = perSample.length;
        Masking[] out = new Masking[count];
        int[][] perms = new int[batch][];
        for (int b = 0; b < batch; b++) perms[b] = perSample[b].permutation(tokens);
        for (int c = 0; c < count; c++) {
            int[] keep = new int[batch * kept];
            int start = (int) ((long) c * tokens / count);
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < kept; j++) keep[b * kept + j] = perms[b][(start + j) % tokens];
            }
            out[c] = fromKept(IntTensor.of(keep, batch, kept), tokens);
        }
        return out;
    }

    /**
     * No masking, for scoring only: every token is kept, in a random order per sample (the order
     * the encoder's pseudo-grid sees kept tokens in during training), and nothing is reconstructed
     * from a mask token. Training always masks; this shows the encoder the whole frame.
     */
    public static Masking unmasked(int tokens, Rng[] perSample) {
        int batch = perSample.length;
        int[] keep = new int[batch * tokens];
        for (int b = 0; b < batch; b++) System.arraycopy(perSample[b].permutation(tokens), 0, keep, b * tokens, tokens);
        return fromKept(IntTensor.of(keep, batch, tokens), tokens);
    }

    /** One generator shared by the samples in order: sample b draws after samples 0..b-1. */
    private static Rng[] sameForAll(int batch, Rng rng) {
        Rng[] r = new Rng[batch];
        java.util.Arrays.fill(r, rng);
        return r;
    }

    /** Row indices b*L + idsKeep[b, j] of the kept tokens in a [B*L, ...] matrix: [B*K]. */
    public IntTensor keptRows() {
        int b = batch(), k = kept();
        int[] rows = new int[b * k];
        for (int s = 0; s < b; s++) for (int j = 0; j < k; j++) rows[s * k + j] = s * tokens + idsKeep.data()[s * k + j];
        return IntTensor.of(rows, b * k);
    }

    /** Row indices b*L + idsRestore[b, i] that unshuffle a [B*L, ...] matrix (kept rows first per sample): [B*L]. */
    public IntTensor restoreRows() {
        int b = batch();
        int[] rows = new int[b * tokens];
        for (int s = 0; s < b; s++) for (int i = 0; i < tokens; i++) rows[s * tokens + i] = s * tokens + idsRestore.data()[s * tokens + i];
        return IntTensor.of(rows, b * tokens);
    }
}
