package aedmae.nn;

import aedmae.tensor.Tensor;

/** A module with one input and one output, so it can sit in a {@link Sequential}. */
public interface Layer {
    Tensor forward(Tensor x);
}
