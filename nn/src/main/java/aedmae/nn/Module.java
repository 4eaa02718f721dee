package aedmae.nn;

import aedmae.tensor.Device;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer or a model: named parameters, named buffers and named sub-modules, in registration
 * order. Names compose with dots ("blocks.0.attn.proj.weight"), as PyTorch's state_dict, so
 * checkpoints exchange with the reference code by name.
 */
public abstract class Module {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Parameter> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    // ---------------------------------------------------------------- registration

    protected final Parameter parameter(String name, Tensor value) {
        Parameter p = new Parameter(value.requiresGrad(true), false, Parameter.StoredAs.F32);
        put(params, name, p);
        return p;
    }

    protected final Parameter buffer(String name, Tensor value) {
        return buffer(name, value, Parameter.StoredAs.F32);
    }

    protected final Parameter buffer(String name, Tensor value, Parameter.StoredAs storedAs) {
        Parameter b = new Parameter(value, true, storedAs);
        put(buffers, name, b);
        return b;
    }

    protected final <M extends Module> M child(String name, M module) {
        put(children, name, module);
        return module;
    }

    private <T> void put(Map<String, T> map, String name, T value) {
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalStateException(getClass().getSimpleName() + ": name '" + name + "' registered twice");
        }
        map.put(name, value);
    }

    // ---------------------------------------------------------------- traversal

    /** All parameters (trainable or frozen), by full name. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, false);
        return out;
    }

    /** Parameters and buffers, by full name, in state-dict order. */
    public final Map<String, Parameter> namedState() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, true);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> out, boolean withBuffers) {
        params.forEach((n, p) -> out.put(prefix + n, p));
        if (withBuffers) buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out, withBuffers));
    }

    /** The trainable parameters (frozen ones excluded). */
    public final List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : namedParameters().values()) if (p.trainable()) out.add(p);
        return out;
    }

    public final Map<String, Module> children() {
        return java.util.Collections.unmodifiableMap(children);
    }

    /** Number of parameter elements (buffers excluded). */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) n += p.get().numel();
        return n;
    }

    // ---------------------------------------------------------------- modes

    /** Training mode (BatchNorm uses batch statistics, Dropout drops) or eval mode, recursively. */
    public Module train(boolean on) {
        training = on;
        for (Module m : children.values()) m.train(on);
        return this;
    }

    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Freezes (or unfreezes) every parameter of this module and its children. */
    public final Module setTrainable(boolean trainable) {
        for (Parameter p : namedParameters().values()) p.setTrainable(trainable);
        return this;
    }

    public final void zeroGrad() {
        for (Parameter p : namedParameters().values()) p.get().zeroGrad();
    }

    /** Where the parameters live (the default device for a module without any). */
    public final Device device() {
        for (Parameter p : namedState().values()) return p.get().device();
        return Device.defaultDevice();
    }

    /** Moves every parameter and buffer to a device (a copy per tensor when the device differs). */
    public final Module to(Device device) {
        try (var s = GradMode.disable()) {
            for (Parameter p : namedState().values()) {
                if (!p.get().device().equals(device)) p.set(p.get().to(device));
            }
        }
        return this;
    }

    // ---------------------------------------------------------------- state dict

    /** Name -> tensor of every parameter and buffer (the tensors themselves, not copies). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedState().forEach((n, p) -> out.put(n, p.get()));
        return out;
    }

    /**
     * Copies tensors into this module by name. With strict, missing and unexpected names are an
     * error; a shape mismatch is always an error. The message names the first four problems and
     * counts the rest.
     */
    public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Parameter> mine = namedState();
        List<String> problems = new ArrayList<>();
        for (var e : mine.entrySet()) {
            Tensor t = state.get(e.getKey());
            if (t == null) {
                if (strict) problems.add("missing " + e.getKey() + " " + Shape.str(e.getValue().get().shape()));
            } else if (!Arrays.equals(t.shape(), e.getValue().get().shape())) {
                problems.add("shape of " + e.getKey() + " is " + Shape.str(t.shape()) + ", expected " + Shape.str(e.getValue().get().shape()));
            }
        }
        if (strict) {
            for (String n : state.keySet()) if (!mine.containsKey(n)) problems.add("unexpected " + n);
        }
        if (!problems.isEmpty()) { // the first few by name: a wrong model's list would fill the screen
            int shown = Math.min(problems.size(), 4);
            throw new IllegalArgumentException("state dict does not match " + getClass().getSimpleName() + ": "
                    + String.join("; ", problems.subList(0, shown)) + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : ""));
        }
        try (var s = GradMode.disable()) {
            for (var e : mine.entrySet()) {
                Tensor t = state.get(e.getKey());
                if (t != null) e.getValue().get().copyFrom(t.to(e.getValue().get().device()));
            }
        }
    }
}
