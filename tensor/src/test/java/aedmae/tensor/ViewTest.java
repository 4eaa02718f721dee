package aedmae.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static aedmae.tensor.Testing.assertClose;
import static aedmae.tensor.Testing.gradCheck;
import static aedmae.tensor.Testing.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewTest {
    private final Rng rng = new Rng(3);

    @Test
    void reshapeIsAViewWhenStridesAllow() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor t = x.transpose(1, 2); // [2, 4, 3], not contiguous
        assertSame(x.storage(), t.storage());
        // [B, D, L] of a token tensor -> [B, D, H, W]: a view (channels-last grid)
        Tensor tokens = Tensor.arange(2 * 6 * 5).reshape(2, 6, 5); // [B, L=6, D=5]
        Tensor grid = tokens.transpose(1, 2).reshape(2, 5, 2, 3);
        assertSame(tokens.storage(), grid.storage(), "token grid reshape must not copy");
        assertTrue(grid.isChannelsLast());
        // and back: flatten(2).transpose(1,2) is the original tokens, contiguous, no copy
        Tensor back = grid.flatten(2).transpose(1, 2);
        assertTrue(back.isContiguous());
        assertSame(tokens.storage(), back.storage());
        assertClose(tokens, back, 0, 0, "round trip");
        // merging transposed dims needs a copy
        Tensor merged = t.reshape(2, 12);
        assertNotSame(x.storage(), merged.storage());
        assertClose(t.contiguous().reshape(2, 12), merged, 0, 0, "copying reshape");
        assertArrayEquals(new int[]{4, 6}, x.reshape(4, -1).shape());
        assertThrows(IllegalArgumentException.class, () -> x.reshape(5, -1));
    }

    @Test
    void sliceSelectExpandValues() {
        Tensor x = Tensor.arange(12).reshape(3, 4);
        assertClose(new float[]{5, 6, 9, 10}, x.slice(0, 1, 3).slice(1, 1, 3).toArray(), 0, 0, "slice");
        assertClose(new float[]{1, 3, 5, 7, 9, 11}, x.slice(1, 1, 4, 2).toArray(), 0, 0, "strided slice");
        assertClose(new float[]{8, 9, 10, 11}, x.select(0, -1 + 3).toArray(), 0, 0, "select");
        assertClose(new float[]{0, 1, 2, 3, 0, 1, 2, 3}, x.select(0, 0).expand(2, 4).toArray(), 0, 0, "expand");
        assertClose(new float[]{4, 5, 6, 7, 8, 9, 10, 11}, x.slice(0, -2, 3).toArray(), 0, 0, "negative start");
    }

    @Test
    void viewGradients() {
        Tensor x = param(rng, 2, 3, 4);
        gradCheck("reshape", t -> t[0].reshape(6, 4).mul(t[0].reshape(6, 4)), x);
        gradCheck("permute", t -> t[0].permute(2, 0, 1).exp(), x);
        gradCheck("slice", t -> t[0].slice(2, 1, 3).tanh(), x);
        gradCheck("expand", t -> t[0].slice(0, 0, 1).expand(5, 3, 4).mul(2f), x);
        gradCheck("unsqueeze/squeeze", t -> t[0].unsqueeze(1).squeeze(1).sigmoid(), x);
        gradCheck("contiguous of transpose", t -> t[0].transpose(0, 2).contiguous().square(), x);
        gradCheck("copying reshape", t -> t[0].transpose(1, 2).reshape(2, 12).square(), x);
    }

    @Test
    void catAndSplit() {
        Tensor a = param(rng, 2, 3), b = param(rng, 2, 1), c = param(rng, 2, 2);
        Tensor cat = F.cat(1, a, b, c);
        assertArrayEquals(new int[]{2, 6}, cat.shape());
        List<Tensor> parts = F.split(cat, 1, 3, 1, 2);
        assertClose(a, parts.get(0), 0, 0, "split 0");
        assertClose(b, parts.get(1), 0, 0, "split 1");
        assertClose(c, parts.get(2), 0, 0, "split 2");
        assertEquals(3, F.split(cat, 1, 2).size());
        gradCheck("cat", t -> F.cat(1, t[0], t[1], t[2]).square(), a, b, c);
        gradCheck("cat dim 0 of views", t -> F.cat(0, t[0].transpose(0, 1), t[1].transpose(0, 1)).exp(), a, c);
        assertThrows(IllegalArgumentException.class, () -> F.cat(0, a, c));
    }
}
