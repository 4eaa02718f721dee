package aedmae.tensor.ops;

import aedmae.tensor.GemmDesc;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import aedmae.tensor.autograd.Node;

/**
 * Matrix product with broadcasting batch dims, as torch.matmul for operands of rank >= 2 (a
 * rank-1 operand is treated as a row or column). Strided views go straight to the GEMM kernel
 * when each matrix has a unit stride along one axis (a transpose is just "column-major") and
 * the batch dims collapse to at most two strided dims; otherwise the operand is copied once.
 *
 * <p>Backward: dA = dC * B^T, dB = A^T * dC, summed over broadcast batch dims.
 */
public final class MatMul extends Node {
    private Tensor a, b;

    private MatMul(Tensor a, Tensor b) {
        super(a, b);
        this.a = a.detach();
        this.b = b.detach();
    }

    public static Tensor apply(Tensor a, Tensor b) {
        if (a.dim() == 1 && b.dim() == 1) return apply(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        if (a.dim() == 1) return apply(a.unsqueeze(0), b).squeeze(-2);
        if (b.dim() == 1) return apply(a, b.unsqueeze(1)).squeeze(-1);
        Tensor out = compute(a, b);
        if (Node.recording(a, b)) out.attach(new MatMul(a, b));
        return out;
    }

    /** The product without recording. Shapes [..., m, k] x [..., k, n] -> [..., m, n]. */
    static Tensor compute(Tensor a, Tensor b) {
        SameDevice.backend("matmul", a, b);
        int[] as = a.shape(), bs = b.shape();
        int ra = as.length, rb = bs.length;
        int m = as[ra - 2], k = as[ra - 1], n = bs[rb - 1];
        Shape.check(bs[rb - 2] == k, "matmul", "inner dimensions differ", as, bs);
        int[] batch = Shape.broadcast("matmul", java.util.Arrays.copyOf(as, ra - 2), java.util.Arrays.copyOf(bs, rb - 2));
        int[] outShape = Shape.concat(batch, m, n);
        Tensor out = OpOutputs.forOverwrite(a, outShape);
        if (out.numel() == 0) return out;
        Tensor ae, be;
        try (var s = GradMode.disable()) {
            ae = a.expand(Shape.concat(batch, m, k));
            be = b.expand(Shape.concat(batch, k, n));
        }
        GemmDesc g = describe(ae, be, out, m, n, k, batch);
        if (g == null) {
            // layouts the kernel cannot take: copy both operands to row-major
            try (var s = GradMode.disable()) {
                ae = ae.contiguous();
                be = be.contiguous();
            }
            g = describe(ae, be, out, m, n, k, batch);
        }
        out.backend().gemm(g);
        return out;
    }

    /** A GEMM descriptor for A [batch.., m, k] x B [batch.., k, n] -> C (contiguous), or null. */
    private static GemmDesc describe(Tensor a, Tensor b, Tensor c, int m, int n, int k, int[] batch) {
        int[] sa = a.strides(), sb = b.strides(), sc = c.strides();
        int r = batch.length;
        // matrix layouts: row-major if the last stride is 1, column-major if the one before is
        int saR = sa[r], saC = sa[r + 1], sbR = sb[r], sbC = sb[r + 1];
        boolean transA, transB;
        int lda, ldb;
        if (saC == 1 || k == 1) { transA = false; lda = m == 1 ? Math.max(k, 1) : saR; }
        else if (saR == 1 || m == 1) { transA = true; lda = saC; }
        else return null;
        if (sbC == 1 || n == 1) { transB = false; ldb = k == 1 ? Math.max(n, 1) : sbR; }
        else if (sbR == 1 || k == 1) { transB = true; ldb = sbC; }
        else return null;
        // collapse the batch dims to at most two, merging dims contiguous in all three operands
        int[] bshape = new int[r], ba = new int[r], bb = new int[r], bc = new int[r];
        int nb = 0;
        for (int i = 0; i < r; i++) {
            if (batch[i] == 1) continue;
            if (nb > 0 && ba[nb - 1] == sa[i] * batch[i] && bb[nb - 1] == sb[i] * batch[i] && bc[nb - 1] == sc[i] * batch[i]) {
                bshape[nb - 1] *= batch[i];
                ba[nb - 1] = sa[i];
                bb[nb - 1] = sb[i];
                bc[nb - 1] = sc[i];
                continue;
            }
            bshape[nb] = batch[i];
            ba[nb] = sa[i];
            bb[nb] = sb[i];
            bc[nb] = sc[i];
            nb++;
        }
        if (nb > 2) return null;
        int b1 = nb == 2 ? bshape[0] : 1, b2 = nb >= 1 ? bshape[nb - 1] : 1;
        int as1 = nb == 2 ? ba[0] : 0, as2 = nb >= 1 ? ba[nb - 1] : 0;
        int bs1 = nb == 2 ? bb[0] : 0, bs2 = nb >= 1 ? bb[nb - 1] : 0;
        int cs1 = nb == 2 ? bc[0] : 0, cs2 = nb >= 1 ? bc[nb - 1] : 0;
        return new GemmDesc(b1, b2, m, n, k, 1f, 0f,
                a.storage(), a.offset(), lda, transA, as1, as2,
                b.storage(), b.offset(), ldb, transB, bs1, bs2,
                c.storage(), c.offset(), n, cs1, cs2);
    }

    @Override
    public Tensor[] backward(Tensor g) {
        Tensor ga = null, gb = null;
        if (needs(0)) ga = Broadcasting.sumToShape(compute(g, b.transpose(-1, -2)), a.shape());
        if (needs(1)) {
            if (b.dim() == 2 && a.dim() > 2) {
                // weight-like B: one GEMM over all batch rows instead of a batch of products
                Tensor a2 = a.reshape(-1, a.size(-1)), g2 = g.reshape(-1, g.size(-1));
                gb = compute(a2.transpose(0, 1), g2);
            } else {
                gb = Broadcasting.sumToShape(compute(a.transpose(-1, -2), g), b.shape());
            }
        }
        return new Tensor[]{ga, gb};
    }

    @Override
    public void release() {
        super.release();
        a = b = null;
    }
}
