package aedmae.tensor.ops;

import aedmae.tensor.GemmDesc;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.Node;

/**
 * y = x W^T + b over the last dim (torch.nn.functional.linear): x [..., in], W [out, in],
 * b [out] or null. One GEMM over all rows; the bias is added in the GEMM's epilogue
 * ({@code Backend.gemmBias}), so it costs no extra pass.
 *
 * <p>Backward: dx = dy W; dW = dy^T x (one GEMM over all rows); db = column sums of dy.
 */
public final class Linear extends Node {
    private Tensor x2, w;
    private final int[] inShape;
    private final boolean hasBias;

    private Linear(Tensor x, Tensor w, Tensor b, Tensor x2) {
        super(x, w, b);
        this.inShape = x.shape();
        this.x2 = x2;
        this.w = w.detach();
        this.hasBias = b != null;
    }

    public static Tensor apply(Tensor x, Tensor w, Tensor b) {
        return apply(x, w, b, false);
    }

    /**
     * GELU(x W^T + b), the first layer of an MLP. Without autograd (inference) and with a bias,
     * the backend applies the GELU in the GEMM's epilogue ({@code Backend.gemmBiasGelu}, the same
     * bits as the separate pass); otherwise it is {@code apply(x, w, b).gelu()}.
     */
    public static Tensor applyGelu(Tensor x, Tensor w, Tensor b) {
        if (b == null || Node.recording(x, w, b)) return apply(x, w, b).gelu();
        return apply(x, w, b, true);
    }

    private static Tensor apply(Tensor x, Tensor w, Tensor b, boolean gelu) {
        SameDevice.backend("linear", x, w, b);
        Shape.check(w.dim() == 2, "linear", "weight must be [out, in]", w.shape());
        int in = w.size(1), outF = w.size(0);
        Shape.check(x.dim() >= 1 && x.size(-1) == in, "linear", "input's last dimension must equal the weight's in-features", x.shape(), w.shape());
        Shape.check(b == null || (b.dim() == 1 && b.size(0) == outF), "linear", "bias must be [out]", b == null ? new int[0] : b.shape(), w.shape());
        Tensor x2 = rows(x, in);
        int n = x2.size(0);
        int[] os = x.shape();
        os[os.length - 1] = outF;
        Tensor y = OpOutputs.forOverwrite(x, os); // GEMM plus bias row, or GEMM (beta 0): all written
        Tensor wc = w.strides()[1] == 1 || in == 1 ? w : w.detach().contiguous();
        GemmDesc g = GemmDesc.single(n, outF, in, 1f, 0f,
                x2.storage(), x2.offset(), x2.strides()[0], false,
                wc.storage(), wc.offset(), wc.strides()[0], true,
                y.storage(), 0, outF);
        if (b != null) {
            Tensor bc = b.contiguous();
            if (gelu) {
                x.backend().gemmBiasGelu(g, bc.storage(), bc.offset());
            } else {
                x.backend().gemmBias(g, bc.storage(), bc.offset());
            }
        } else {
            x.backend().gemm(g);
        }
        if (Node.recording(x, w, b)) y.attach(new Linear(x, w, b, x2.detach()));
        return y;
    }

    /** x as a row-major [rows, in] matrix (a view when possible). */
    private static Tensor rows(Tensor x, int in) {
        Tensor x2 = x.detach().reshape(-1, in);
        return x2.strides()[1] == 1 || in == 1 ? x2 : x2.contiguous();
    }

    @Override
    public Tensor[] backward(Tensor g) {
        int outF = w.size(0), in = w.size(1);
        Tensor g2 = g.reshape(-1, outF).contiguous();
        Tensor dx = null, dw = null, db = null;
        if (needs(0)) dx = MatMul.compute(g2, w).reshape(inShape);
        if (needs(1)) dw = MatMul.compute(g2.transpose(0, 1), x2);
        if (hasBias && needs(2)) db = Reductions.sum(g2, new int[]{0}, false);
        return new Tensor[]{dx, dw, db};
    }

    @Override
    public void release() {
        super.release();
        x2 = w = null;
    }
}
