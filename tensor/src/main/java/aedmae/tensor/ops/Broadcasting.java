package aedmae.tensor.ops;

import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;

import java.util.Arrays;

/** The adjoint of broadcasting, for the backward passes of elementwise ops. */
final class Broadcasting {
    private Broadcasting() {}

    /** Sums a broadcast gradient back down to shape (the adjoint of broadcasting). */
    static Tensor sumToShape(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        try (var s = GradMode.disable()) {
            int lead = gs.length - shape.length;
            int[] dims = new int[gs.length];
            int nd = 0;
            for (int i = 0; i < gs.length; i++) {
                if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) dims[nd++] = i;
            }
            Tensor r = nd == 0 ? g : Reductions.sum(g, Arrays.copyOf(dims, nd), true);
            return r.reshape(shape);
        }
    }
}
