package aedmae.tensor;

import org.junit.jupiter.api.Test;

import static aedmae.tensor.Testing.assertClose;
import static aedmae.tensor.Testing.gradCheck;
import static aedmae.tensor.Testing.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IndexingTest {
    private final Rng rng = new Rng(19);

    @Test
    void gatherScatterIndexSelectValues() {
        Tensor x = Tensor.arange(12).reshape(3, 4);
        IntTensor idx = IntTensor.of(new int[]{3, 0, 1, 1, 2, 2}, 3, 2);
        assertClose(new float[]{3, 0, 5, 5, 10, 10}, F.gather(x, 1, idx).toArray(), 0, 0, "gather dim 1");
        IntTensor rows = IntTensor.of(new int[]{2, 0}, 2);
        assertClose(new float[]{8, 9, 10, 11, 0, 1, 2, 3}, F.indexSelect(x, 0, rows).toArray(), 0, 0, "index_select");
        Tensor src = Tensor.of(new float[]{-1, -2, -3}, 3, 1);
        IntTensor col = IntTensor.of(new int[]{1, 3, 0}, 3, 1);
        assertClose(new float[]{0, -1, 2, 3, 4, 5, 6, -2, -3, 9, 10, 11}, F.scatter(x, 1, col, src).toArray(), 0, 0, "scatter");
        // gather of a [B, L, D] token tensor by kept ids, the masking pattern of the model
        Tensor tokens = Tensor.arange(2 * 4 * 3).reshape(2, 4, 3);
        IntTensor keep = IntTensor.of(new int[]{2, 2, 2, 0, 0, 0, 3, 3, 3, 1, 1, 1}, 2, 2, 3);
        assertClose(new float[]{6, 7, 8, 0, 1, 2, 21, 22, 23, 15, 16, 17}, F.gather(tokens, 1, keep).toArray(), 0, 0, "token gather");
        assertThrows(IndexOutOfBoundsException.class, () -> F.gather(x, 1, IntTensor.of(new int[]{4}, 1, 1)));
    }

    @Test
    void indexingGradients() {
        Tensor x = param(rng, 3, 4, 2);
        IntTensor idx = IntTensor.of(new int[]{3, 3, 0, 1, 1, 1, 2, 0, 0, 2, 2, 3}, 3, 2, 2);
        gradCheck("gather (repeated indices accumulate)", t -> F.gather(t[0], 1, idx), x);
        gradCheck("index_select", t -> F.indexSelect(t[0], 1, IntTensor.of(new int[]{2, 2, 0}, 3)), x);
        Tensor src = param(rng, 3, 1, 2);
        IntTensor one = IntTensor.of(new int[]{1, 0, 3, 2, 2, 0}, 3, 1, 2);
        gradCheck("scatter", t -> F.scatter(t[0], 1, one, t[1]), x, src);
    }

    @Test
    void argsortIsStableAndDescendingWorks() {
        Tensor x = Tensor.of(new float[]{0.5f, 0.1f, 0.5f, 0.9f, 3, 1, 2, 0}, 2, 4);
        assertArrayEquals(new int[]{1, 0, 2, 3, 3, 1, 2, 0}, F.argsort(x, 1, false).data());
        assertArrayEquals(new int[]{3, 0, 2, 1, 0, 2, 1, 3}, F.argsort(x, 1, true).data());
        assertArrayEquals(new int[]{0, 0, 0, 1, 1, 1, 1, 0}, F.argsort(x, 0, false).data());
    }
}
