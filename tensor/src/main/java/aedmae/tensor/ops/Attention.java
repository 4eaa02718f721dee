package aedmae.tensor.ops;

import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.Node;

/**
 * Multi-head scaled dot-product attention on token-major tensors: q, k, v [B, T, nh*dh] (the
 * layout the q/k/v projections produce), out [B, T, nh*dh], one fused kernel each way. The scale
 * is a parameter because AED-MAE's reference uses dim^-0.5 with the full dim, not the head dim.
 */
public final class Attention extends Node {
    private Tensor q, k, v, out, lse;
    private final int heads;
    private final float scale;

    private Attention(Tensor qIn, Tensor kIn, Tensor vIn, Tensor q, Tensor k, Tensor v, Tensor out, Tensor lse, int heads, float scale) {
        super(qIn, kIn, vIn);
        this.q = q;
        this.k = k;
        this.v = v;
        this.out = out.detach();
        this.lse = lse;
        this.heads = heads;
        this.scale = scale;
    }

    public static Tensor apply(Tensor q, Tensor k, Tensor v, int heads, float scale) {
        SameDevice.backend("attention", q, k, v);
        Shape.check(q.dim() == 3 && java.util.Arrays.equals(q.shape(), k.shape()) && java.util.Arrays.equals(q.shape(), v.shape()),
                "attention", "q, k, v must all be [B, T, D]", q.shape(), k.shape(), v.shape());
        int b = q.size(0), t = q.size(1), d = q.size(2);
        Shape.check(heads >= 1 && d % heads == 0, "attention", "dim must divide into " + heads + " heads", q.shape());
        Tensor qc = q.detach().contiguous(), kc = k.detach().contiguous(), vc = v.detach().contiguous();
        Tensor out = OpOutputs.forOverwrite(q, b, t, d);
        boolean rec = Node.recording(q, k, v);
        Tensor lse = rec ? OpOutputs.forOverwrite(q, b, heads, t) : null;
        q.backend().attention(qc.storage(), qc.offset(), kc.storage(), kc.offset(), vc.storage(), vc.offset(),
                b, t, heads, d / heads, scale, out.storage(), 0, lse == null ? null : lse.storage());
        if (rec) out.attach(new Attention(q, k, v, qc, kc, vc, out, lse, heads, scale));
        return out;
    }

    @Override
    public Tensor[] backward(Tensor g) {
        int b = q.size(0), t = q.size(1), d = q.size(2);
        Tensor gc = g.contiguous();
        // the kernel writes every element of dq and clears dk, dv before accumulating
        Tensor dq = OpOutputs.forOverwrite(q, b, t, d), dk = OpOutputs.forOverwrite(q, b, t, d), dv = OpOutputs.forOverwrite(q, b, t, d);
        q.backend().attentionBackward(q.storage(), q.offset(), k.storage(), k.offset(), v.storage(), v.offset(),
                out.storage(), out.offset(), lse.storage(), gc.storage(), gc.offset(),
                b, t, heads, d / heads, scale, dq.storage(), dk.storage(), dv.storage());
        return new Tensor[]{needs(0) ? dq : null, needs(1) ? dk : null, needs(2) ? dv : null};
    }

    @Override
    public void release() {
        super.release();
        q = k = v = out = lse = null;
    }
}
