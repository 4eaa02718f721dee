package aedmae.tensor.cuda;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fused attention against the CPU twin: every forward variant on the head dims it supports,
 * short and odd token counts and the avenue shapes (401 tokens of 4 x 64, 801 of 4 x 32), the
 * log-sum-exp, and the backward pass. The scale is the reference's 1/sqrt(dim) (GPU only).
 */
class AttentionParityTest {
    @BeforeAll
    static void gpu() {
        Gpu.assume();
    }

    private static void forward(Gpu t, KernelVariant v, int batch, int tokens, int heads, int dh, int off) {
        int d = heads * dh, n = batch * tokens * d;
        float scale = (float) (1.0 / Math.sqrt(d));
        Gpu.Pair q = t.randnPair(n + off), k = t.randnPair(n + off), val = t.randnPair(n + off);
        Gpu.Pair out = t.poisoned(n + off), lse = t.poisoned(batch * heads * tokens);
        t.cpu.attention(q.cpu(), off, k.cpu(), off, val.cpu(), off, batch, tokens, heads, dh, scale, out.cpu(), off, lse.cpu());
        t.gpu.attention(q.gpu(), off, k.gpu(), off, val.gpu(), off, batch, tokens, heads, dh, scale, out.gpu(), off, lse.gpu());
        t.ran();
        String what = String.format("%s B=%d T=%d H=%d dh=%d off=%d", v.name(), batch, tokens, heads, dh, off);
        t.assertClose(what + " out", out, v.precision());
        t.assertClose(what + " lse", lse, v.precision());
    }

    @Test
    void forwardVariants() {
        Gpu t = new Gpu();
        t.eachVariant(Op.ATTENTION, v -> {
            int[] dims = v.name().equals(KernelRegistry.ATTENTION_SIMT) ? new int[]{4, 8, 16, 32, 64, 96} : new int[]{32, 64};
            for (int dh : dims) {
                for (int tokens : new int[]{1, 37, 64, 65, 130}) forward(t, v, 2, tokens, 4, dh, 0);
                forward(t, v, 1, 50, 3, dh, 4);
            }
        });
    }

    @Test
    void avenueShapes() {
        Gpu t = new Gpu();
        t.eachVariant(Op.ATTENTION, v -> {
            forward(t, v, 2, 401, 4, 64, 0); // encoder: 400 kept tokens + [CLS], dim 256
            forward(t, v, 2, 801, 4, 32, 0); // decoder: 800 tokens + [CLS], dim 128
        });
    }

    @Test
    void backward() {
        Gpu t = new Gpu();
        for (int dh : new int[]{4, 16, 32, 64, 96}) {
            for (int tokens : new int[]{1, 33, 70}) {
                int batch = 2, heads = 3, d = heads * dh, n = batch * tokens * d;
                float scale = (float) (1.0 / Math.sqrt(d));
                Gpu.Pair q = t.randnPair(n), k = t.randnPair(n), v = t.randnPair(n), dout = t.randnPair(n + 1);
                Gpu.Pair out = t.poisoned(n), lse = t.poisoned(batch * heads * tokens);
                // the CPU forward's out and lse feed both backward passes, so only the backward is compared
                t.cpu.attention(q.cpu(), 0, k.cpu(), 0, v.cpu(), 0, batch, tokens, heads, dh, scale, out.cpu(), 0, lse.cpu());
                float[] o = Gpu.read(t.cpu, out.cpu(), n), l = Gpu.read(t.cpu, lse.cpu(), batch * heads * tokens);
                t.gpu.uploadInto(out.gpu(), 0, o, 0, n);
                t.gpu.uploadInto(lse.gpu(), 0, l, 0, l.length);
                Gpu.Pair dq = t.poisoned(n), dk = t.poisoned(n), dv = t.poisoned(n);
                t.cpu.attentionBackward(q.cpu(), 0, k.cpu(), 0, v.cpu(), 0, out.cpu(), 0, lse.cpu(), dout.cpu(), 1,
                        batch, tokens, heads, dh, scale, dq.cpu(), dk.cpu(), dv.cpu());
                t.gpu.attentionBackward(q.gpu(), 0, k.gpu(), 0, v.gpu(), 0, out.gpu(), 0, lse.gpu(), dout.gpu(), 1,
                        batch, tokens, heads, dh, scale, dq.gpu(), dk.gpu(), dv.gpu());
                String what = "attention backward T=" + tokens + " dh=" + dh;
                t.assertClose(what + " dq", dq, Precision.FP32);
                t.assertClose(what + " dk", dk, Precision.FP32);
                t.assertClose(what + " dv", dv, Precision.FP32);
            }
        }
    }
}
