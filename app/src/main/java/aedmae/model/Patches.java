package aedmae.model;

import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;

/** Between images and tokens (docs/model-spec.md step 9). */
public final class Patches {
    private Patches() {}

    /**
     * patchify: images [B, C, H, W] -> [B, L, P*P*C] with L = (H/P)*(W/P) in (h, w) order and
     * each token's values in (p_row, p_col, channel) order, channel fastest (as MAE).
     */
    public static Tensor patchify(Tensor imgs, int p) {
        Shape.check(imgs.dim() == 4 && imgs.size(2) % p == 0 && imgs.size(3) % p == 0, "patchify",
                "images must be [B, C, H, W] with H and W multiples of " + p, imgs.shape());
        int n = imgs.size(0), c = imgs.size(1), hp = imgs.size(2) / p, wp = imgs.size(3) / p;
        return imgs.reshape(n, c, hp, p, wp, p).permute(0, 2, 4, 3, 5, 1).reshape(n, hp * wp, p * p * c);
    }

    /** The inverse of patchify: [B, L, P*P*C] -> [B, C, H, W] for a grid of hp x wp tokens. */
    public static Tensor unpatchify(Tensor tokens, int p, int hp, int wp) {
        int n = tokens.size(0), c = tokens.size(2) / (p * p);
        Shape.check(tokens.dim() == 3 && tokens.size(1) == hp * wp && c * p * p == tokens.size(2), "unpatchify",
                "tokens must be [B, " + hp + "*" + wp + ", P*P*C]", tokens.shape());
        return tokens.reshape(n, hp, wp, p, p, c).permute(0, 5, 1, 3, 2, 4).reshape(n, c, hp * p, wp * p);
    }

    /**
     * Rows for the patch-embedding convolution: [B, C, H, W] -> [B*L, C*P*P] with each row in the
     * conv weight's (channel, p_row, p_col) order, so the stride-p convolution is one matrix product.
     */
    public static Tensor convRows(Tensor imgs, int p) {
        int n = imgs.size(0), c = imgs.size(1), hp = imgs.size(2) / p, wp = imgs.size(3) / p;
        return imgs.reshape(n, c, hp, p, wp, p).permute(0, 2, 4, 1, 3, 5).reshape(n * hp * wp, c * p * p);
    }
}
