package aedmae.nn;

import aedmae.tensor.MemoryArena;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * AdamW (Loshchilov and Hutter; PyTorch's torch.optim.AdamW): decoupled weight decay, bias
 * corrected moments. Two parameter groups as the reference: weight decay on matrices and
 * kernels, none on parameters with at most one dimension (biases, LayerNorm and BatchNorm
 * weights). A learning-rate schedule maps the step number (1-based) to a learning rate.
 *
 * <p>Its state (moments and step count) can be saved and restored for exact resumption.
 */
public final class AdamW {
    private final Map<String, Parameter> params;
    private final Map<String, Tensor> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
    private final float beta1, beta2, eps, weightDecay;
    private IntToDoubleFunction schedule;
    private int step;

    /** params: the parameters to update, by name (frozen ones may be included; they are skipped). */
    public AdamW(Map<String, Parameter> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        this.params = new LinkedHashMap<>(params);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.schedule = s -> lr;
    }

    /** AdamW with the paper's settings: betas (0.9, 0.95), eps 1e-8, weight decay 0.05. */
    public static AdamW paperDefaults(Map<String, Parameter> params, float lr) {
        return new AdamW(params, lr, 0.9f, 0.95f, 1e-8f, 0.05f);
    }

    /** Sets the learning-rate schedule: step (1-based) -> learning rate. */
    public AdamW schedule(IntToDoubleFunction lrOfStep) {
        this.schedule = lrOfStep;
        return this;
    }

    /** The learning rate the next step will use. */
    public float currentLr() {
        return (float) schedule.applyAsDouble(step + 1);
    }

    public int stepCount() {
        return step;
    }

    /** True when a parameter is decayed: tensors of two or more dimensions. */
    public static boolean decays(Tensor p) {
        return p.dim() > 1;
    }

    /** One update of every trainable parameter that has a gradient. */
    public void step() {
        step++;
        float lr = (float) schedule.applyAsDouble(step);
        float bc1 = (float) (1 - Math.pow(beta1, step)), bc2 = (float) (1 - Math.pow(beta2, step));
        try (var s = GradMode.disable()) {
            for (var e : params.entrySet()) {
                Tensor p = e.getValue().get();
                Tensor g = p.grad();
                if (!e.getValue().trainable() || g == null) continue;
                if (!p.isContiguous() || !g.isContiguous()) throw new IllegalStateException("AdamW: parameter " + e.getKey() + " or its gradient is not contiguous");
                // the moments live across steps: kept out of any MemoryArena
                Tensor mi = m.computeIfAbsent(e.getKey(), k -> MemoryArena.keep(Tensor.zerosLike(p)));
                Tensor vi = v.computeIfAbsent(e.getKey(), k -> MemoryArena.keep(Tensor.zerosLike(p)));
                p.backend().adamw(p.storage(), p.offset(), g.storage(), g.offset(), mi.storage(), vi.storage(), p.numel(),
                        lr, beta1, beta2, eps, decays(p) ? weightDecay : 0f, bc1, bc2);
            }
        }
    }

    /** Clears the gradients of all parameters. */
    public void zeroGrad() {
        for (Parameter p : params.values()) p.get().zeroGrad();
    }

    /** Moments by "exp_avg.NAME" / "exp_avg_sq.NAME" (PyTorch's names), for checkpoints. */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.forEach((k, t) -> out.put("exp_avg." + k, t));
        v.forEach((k, t) -> out.put("exp_avg_sq." + k, t));
        return out;
    }

    /** Restores moments saved by {@link #state()} and the step count. */
    public void loadState(Map<String, Tensor> state, int stepCount) {
        List<String> unknown = new ArrayList<>();
        for (var e : state.entrySet()) {
            String k = e.getKey();
            String name = k.startsWith("exp_avg_sq.") ? k.substring(11) : k.startsWith("exp_avg.") ? k.substring(8) : null;
            if (name == null || !params.containsKey(name)) {
                unknown.add(k);
                continue;
            }
            Tensor p = params.get(name).get();
            Tensor t = MemoryArena.keep(e.getValue().to(p.device()).copy());
            if (!java.util.Arrays.equals(t.shape(), p.shape())) {
                throw new IllegalArgumentException("optimizer state " + k + " has shape " + aedmae.tensor.Shape.str(t.shape())
                        + " but the parameter has " + aedmae.tensor.Shape.str(p.shape()));
            }
            (k.startsWith("exp_avg_sq.") ? v : m).put(name, t);
        }
        if (!unknown.isEmpty()) throw new IllegalArgumentException("optimizer state names no parameter: " + unknown);
        this.step = stepCount;
    }
}
