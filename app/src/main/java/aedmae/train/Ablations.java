package aedmae.train;

import aedmae.datasets.loader.InputLayout;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;

/** The ablations of the paper's Table 2 that change a batch: the config's switches applied to its targets. */
final class Ablations {
    private Ablations() {}

    /** Without the anomaly-map component the model is not asked to predict maps: the map channel is "normal" (-1). */
    static Tensor target(Tensor target, boolean anomalyMaps) {
        if (anomalyMaps) return target;
        try (var s = GradMode.disable()) {
            Tensor t = target.copy();
            t.slice(1, InputLayout.MAP_CHANNEL, InputLayout.MAP_CHANNEL + 1).fill(-1f);
            return t;
        }
    }
}
