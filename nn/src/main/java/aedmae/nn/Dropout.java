package aedmae.nn;

import aedmae.tensor.F;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;

/**
 * Inverted dropout with probability p in training, identity in eval. Masks come from the
 * generator the model hands it, so a seeded run (and a resumed one) draws the same masks.
 */
public final class Dropout extends Module implements Layer {
    private final float p;
    private final RngSource rng;

    public Dropout(float p, RngSource rng) {
        if (p < 0f || p >= 1f) throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0f) return x;
        return F.dropout(x, p, true, rng.get());
    }

    /** Where a layer gets its random generator: a shared, replaceable one (the model's). */
    @FunctionalInterface
    public interface RngSource {
        Rng get();
    }
}
