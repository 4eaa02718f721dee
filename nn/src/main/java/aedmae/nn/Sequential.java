package aedmae.nn;

import aedmae.tensor.Tensor;

/** Layers applied in order, named "0", "1", ... (so a child's weight is "net.0.weight"). */
public final class Sequential extends Module implements Layer {
    private final Layer[] layers;

    public Sequential(Layer... layers) {
        this.layers = layers;
        for (int i = 0; i < layers.length; i++) child(Integer.toString(i), (Module) layers[i]);
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Layer l : layers) x = l.forward(x);
        return x;
    }
}
