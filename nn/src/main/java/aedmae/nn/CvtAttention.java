package aedmae.nn;

import aedmae.tensor.F;
import aedmae.tensor.Rng;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;

import java.util.List;

/**
 * The CvT attention of AED-MAE (docs/model-spec.md, step 4): tokens [B, 1+h*w, D] with a leading [CLS].
 * <ol>
 * <li>split off [CLS]; q, k, v = ConvProjection (depthwise 3x3 + BatchNorm) of the grid tokens,
 *     each with the raw [CLS] prepended again;</li>
 * <li>Linear proj_q, proj_k, proj_v (with bias);</li>
 * <li>multi-head attention with scores q k^T * D^-0.5 (the full dim D, not the head dim: a quirk
 *     of the reference kept for checkpoint compatibility);</li>
 * <li>Linear proj.</li>
 * </ol>
 */
public final class CvtAttention extends Module {
    public final ConvProjection convProjQ, convProjK, convProjV;
    public final Linear projQ, projK, projV, proj;
    /**
     * Inference takes the fused projections (false: the plain path everywhere, for comparisons;
     * -Daedmae.fusedInference=false). Both give the same bits.
     */
    static final boolean FUSED_INFERENCE = !"false".equals(System.getProperty("aedmae.fusedInference"));

    private final int heads;
    private final float scale;

    public CvtAttention(int dim, int heads, Rng rng) {
        if (dim % heads != 0) throw new IllegalArgumentException("CvtAttention: dim " + dim + " does not divide into " + heads + " heads");
        this.convProjQ = child("conv_proj_q", new ConvProjection(dim, rng));
        this.convProjK = child("conv_proj_k", new ConvProjection(dim, rng));
        this.convProjV = child("conv_proj_v", new ConvProjection(dim, rng));
        this.projQ = child("proj_q", new Linear(dim, dim, true, rng));
        this.projK = child("proj_k", new Linear(dim, dim, true, rng));
        this.projV = child("proj_v", new Linear(dim, dim, true, rng));
        this.proj = child("proj", new Linear(dim, dim, true, rng));
        this.heads = heads;
        this.scale = (float) Math.pow(dim, -0.5);
    }

    /** x [B, 1+h*w, D] -> [B, 1+h*w, D]. */
    public Tensor forward(Tensor x, int h, int w) {
        Shape.check(x.dim() == 3 && x.size(1) == 1 + h * w, "CvtAttention", "tokens must be [B, 1+" + h + "*" + w + ", D]", x.shape());
        int t = x.size(1);
        Tensor q, k, v;
        if (FUSED_INFERENCE && !isTraining() && !GradMode.isEnabled() && x.isContiguous()) {
            // inference: each projection reads the grid tokens in place and writes its output
            // around the [CLS] row, BatchNorm fused (no grid copy, no cat, no BatchNorm pass)
            q = convProjQ.forwardTokensFused(x, h, w);
            k = convProjK.forwardTokensFused(x, h, w);
            v = convProjV.forwardTokensFused(x, h, w);
        } else {
            // the grid tokens once as a dense block: its [B, D, h, w] view is then channels-last and
            // the three depthwise projections read it without copying it three times
            Tensor cls = x.slice(1, 0, 1), grid = x.slice(1, 1, t).contiguous();
            q = F.cat(1, cls, convProjQ.forward(grid, h, w));
            k = F.cat(1, cls, convProjK.forward(grid, h, w));
            v = F.cat(1, cls, convProjV.forward(grid, h, w));
        }
        Tensor a = F.attention(projQ.forward(q), projK.forward(k), projV.forward(v), heads, scale);
        return proj.forward(a);
    }

    public int heads() {
        return heads;
    }

    /** The three projections, for code that wants to treat them alike. */
    public List<ConvProjection> convProjections() {
        return List.of(convProjQ, convProjK, convProjV);
    }
}
