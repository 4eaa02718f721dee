package aedmae.nn;

import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;

/**
 * A pre-norm CvT transformer block: x = x + Attn(LN1(x)); x = x + Mlp(LN2(x)) on tokens
 * [B, 1+h*w, D] laid out on an h x w grid. LayerNorm eps 1e-6 (docs/model-spec.md).
 */
public final class CvtBlock extends Module {
    public final LayerNorm norm1, norm2;
    public final CvtAttention attn;
    public final ConvMlp mlp;

    public CvtBlock(int dim, int heads, int mlpRatio, float dropout, Dropout.RngSource dropRng, Rng init) {
        this.norm1 = child("norm1", new LayerNorm(dim, 1e-6f));
        this.attn = child("attn", new CvtAttention(dim, heads, init));
        this.norm2 = child("norm2", new LayerNorm(dim, 1e-6f));
        this.mlp = child("mlp", new ConvMlp(dim, mlpRatio * dim, dropout, dropRng, init));
    }

    public Tensor forward(Tensor x, int h, int w) {
        x = x.add(attn.forward(norm1.forward(x), h, w));
        return x.add(mlp.forward(norm2.forward(x), h, w));
    }
}
