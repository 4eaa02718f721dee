package aedmae.model;

import aedmae.nn.Conv2d;
import aedmae.nn.LayerNorm;
import aedmae.nn.Module;
import aedmae.tensor.F;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;

/**
 * Patch embedding (docs/model-spec.md step 1): Conv2d(C -> D, kernel p, stride p), flatten to tokens,
 * LayerNorm over channels. No positional embedding: the depthwise convolutions carry position.
 *
 * <p>Because stride = kernel, each token depends on its own patch only, so embedding just the
 * kept patches gives exactly the same tokens at half the cost ({@link #forwardKept}).
 */
public final class PatchEmbed extends Module {
    public final Conv2d proj;
    public final LayerNorm norm;
    private final int patch, dim;

    public PatchEmbed(int inChannels, int dim, int patch, Rng rng) {
        this.proj = child("proj", new Conv2d(inChannels, dim, patch, patch, 0, 1, true, rng));
        this.norm = child("norm", new LayerNorm(dim, 1e-6f));
        this.patch = patch;
        this.dim = dim;
    }

    /** All tokens: images [B, C, H, W] -> [B, L, D]. */
    public Tensor forward(Tensor x) {
        return norm.forward(proj.forward(x).flatten(2).transpose(1, 2));
    }

    /** Kept tokens only: images [B, C, H, W], masking -> [B, K, D] in idsKeep order. */
    public Tensor forwardKept(Tensor x, Masking masking) {
        int b = x.size(0), c = x.size(1);
        Tensor kept;                                                             // [B*K, C*P*P]
        if (!x.requiresGrad() && x.isContiguous()) {
            kept = F.patchRows(x, patch, masking.idsKeep());                     // the kept patches only, the same values
        } else {
            Tensor rows = Patches.convRows(x, patch);                            // [B*L, C*P*P]
            kept = F.indexSelect(rows, 0, masking.keptRows());
        }
        Tensor w = proj.weight.get().reshape(dim, c * patch * patch);
        Tensor tokens = F.linear(kept, w, proj.bias.get());                      // [B*K, D]
        return norm.forward(tokens.reshape(b, masking.kept(), dim));
    }
}
