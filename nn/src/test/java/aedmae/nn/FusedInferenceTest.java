package aedmae.nn;

import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inference fast paths of the CvT block (fused depthwise + BatchNorm projections written
 * around the [CLS] row, the MLP's [CLS] put back in place) against their plain twins: the same
 * block in eval mode with autograd on takes the plain path (grid copy, separate BatchNorm, cat).
 * The fast path must give the same bits.
 */
class FusedInferenceTest {

    /** Every parameter and buffer moved off its initial value, BatchNorm statistics included. */
    private static CvtBlock perturbedBlock(int dim, Rng rng) {
        CvtBlock blk = new CvtBlock(dim, 4, 2, 0.1f, () -> rng, rng);
        Init.perturb(blk, rng, 0.1f);
        blk.eval();
        return blk;
    }

    @Test
    void fusedBlockGivesThePlainBlocksBits() {
        Rng rng = new Rng(11);
        // 48 and 40 channels: full vectors, and vectors plus a scalar tail; grids 1 to 5 wide
        for (int dim : new int[]{48, 40}) {
            CvtBlock blk = perturbedBlock(dim, rng);
            for (int[] grid : new int[][]{{4, 5}, {3, 1}, {2, 2}}) {
                int h = grid[0], w = grid[1];
                Tensor x = rng.uniform(-1, 1, 3, 1 + h * w, dim);
                float[] plain = blk.forward(x, h, w).toArray();              // autograd on: plain path
                float[] fused;
                try (var s = GradMode.disable()) {
                    fused = blk.forward(x, h, w).toArray();
                }
                assertArrayEquals(plain, fused, 0f, "dim " + dim + ", grid " + h + "x" + w);
                boolean moved = false;
                for (float f : fused) moved |= f != 0f;
                assertTrue(moved, "the block computed something");
            }
        }
    }

    @Test
    void fusedProjectionKeepsClsAndMatchesCatOfProjection() {
        Rng rng = new Rng(12);
        CvtBlock blk = perturbedBlock(48, rng);
        ConvProjection p = blk.attn.convProjK;
        int h = 3, w = 4, t = 1 + h * w;
        Tensor x = rng.uniform(-1, 1, 2, t, 48);
        try (var s = GradMode.disable()) {
            Tensor fused = p.forwardTokensFused(x, h, w);
            Tensor plain = aedmae.tensor.F.cat(1, x.slice(1, 0, 1), p.forward(x.slice(1, 1, t).contiguous(), h, w));
            assertArrayEquals(plain.toArray(), fused.toArray(), 0f);
            assertArrayEquals(x.slice(1, 0, 1).contiguous().toArray(), fused.slice(1, 0, 1).contiguous().toArray(), 0f, "[CLS] row copied");
        }
    }
}
