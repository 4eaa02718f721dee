package aedmae.model;

/**
 * Floating-point operations of one forward pass per frame (2 per multiply-add), counted from the
 * preset: the matrix products of every Linear and 1x1 convolution, the attention products, the
 * depthwise convolutions and the kept-patch embedding. Elementwise work is left out (it is small
 * and memory-bound). A training step is counted as three forward passes (forward, and a backward
 * of about twice the cost), the usual estimate.
 */
public final class FlopCount {
    private FlopCount() {}

    public static double forwardPerFrame(Preset p) {
        int k = p.keptTokens(), l = p.tokens(), pp = p.patch() * p.patch();
        double f = 2.0 * k * (9.0 * pp) * p.encDim();                          // patch embedding of kept patches
        f += p.encDepth() * block(1 + k, k, p.encDim(), p.encHeads(), p.mlpRatio());
        f += 2.0 * (1 + k) * p.encDim() * p.decDim();                          // decoder_embed
        f += (p.decDepth() + 1) * block(1 + l, l, p.decDim(), p.decHeads(), p.mlpRatio()); // teacher blocks + student block
        f += 2 * (2.0 * (1 + l) * p.decDim() * p.predictionSize());            // two prediction layers
        f += 2.0 * p.encDim();                                                 // classification head
        return f;
    }

    /** One CvT block on t tokens (grid tokens g = t - 1) of width d. */
    static double block(int t, int g, int d, int heads, int mlpRatio) {
        double convs = 3 * 2.0 * g * d * 9;              // depthwise 3x3 for q, k, v
        double qkvo = 4 * 2.0 * t * d * d;               // proj_q, proj_k, proj_v, proj
        double attn = 2 * 2.0 * t * (double) t * d;      // q k^T and p v over all heads
        double mlp = 2 * 2.0 * t * d * (mlpRatio * d);   // two 1x1 convolutions (run on all tokens)
        return convs + qkvo + attn + mlp;
    }

    public static double trainingStepPerFrame(Preset p) {
        return 3 * forwardPerFrame(p);
    }
}
