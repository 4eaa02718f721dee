package aedmae.tensor.ops;

import aedmae.tensor.IntTensor;
import aedmae.tensor.ModelKernels;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;

/**
 * The patch-embedding rows of the kept tokens straight from the images (patch_rows): the rows a
 * stride-p convolution multiplies, for the kept patches only, without first copying every patch
 * into rows and then selecting half of them. No gradient (the images are data): the caller takes
 * the composite (rows of all patches, then index_select) when the images require a gradient.
 */
public final class PatchRows {
    private PatchRows() {}

    /**
     * x [B, C, H, W] (contiguous), keep [B, K] token ids in (h, w) order (h = H/p, w = W/p) ->
     * [B*K, C*p*p], each row in (c, p_row, p_col) order: row b*K + j is the patch of token keep[b, j].
     */
    public static Tensor keptRows(Tensor x, int patch, IntTensor keep) {
        Shape.check(x.dim() == 4 && x.size(2) % patch == 0 && x.size(3) % patch == 0, "patch_rows",
                "images must be [B, C, H, W] with H and W multiples of the patch " + patch, x.shape());
        Shape.check(keep.dim() == 2 && keep.shape()[0] == x.size(0), "patch_rows", "keep must be [B, K]", x.shape(), keep.shape());
        Shape.check(x.isContiguous(), "patch_rows", "images must be contiguous", x.shape());
        int b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), k = keep.shape()[1];
        int tokens = (h / patch) * (w / patch);
        for (int id : keep.data()) {
            if (id < 0 || id >= tokens) throw new IllegalArgumentException("patch_rows: token id " + id + " outside [0, " + tokens + ")");
        }
        Tensor out = OpOutputs.forOverwrite(x, b * k, c * patch * patch);
        ModelKernels.of(x.backend()).patchRows(x.storage(), x.offset(), b, c, h, w, patch, keep.data(), k, out.storage(), 0);
        return out;
    }
}
