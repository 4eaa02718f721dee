package aedmae.tensor.autograd;

import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reverse-mode engine: orders the graph below a root topologically, walks it from the root
 * down, calls each node's backward rule and accumulates gradients. Leaves that require a
 * gradient receive it in {@link Tensor#grad()} (summed over backward calls, as PyTorch). Every
 * node is released as soon as it has run, so the graph's memory is freed by the pass.
 */
public final class Autograd {
    private Autograd() {}

    public static void backward(Tensor root, Tensor seed) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require grad (no parameter reaches it, or it was made under GradMode.disable())");
        }
        if (seed == null) {
            Shape.check(root.numel() == 1, "backward", "implicit gradient needs a one-element tensor; pass a gradient", root.shape());
            seed = Tensor.full(root.device(), 1f, root.shape());
        } else {
            Shape.check(Arrays.equals(seed.shape(), root.shape()), "backward", "gradient shape differs from the tensor's", seed.shape(), root.shape());
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, seed);
        try (var s = GradMode.disable()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                Node node = t.node();
                if (node == null) {
                    if (g != null && t.requiresGrad()) accumulateLeaf(t, g);
                    continue;
                }
                if (node.released()) {
                    throw new IllegalStateException("backward: the graph through " + node.name()
                            + " was already freed by an earlier backward pass");
                }
                if (g != null) {
                    Tensor[] inputs = node.inputs();
                    Tensor[] gi = node.backward(g);
                    for (int k = 0; k < inputs.length; k++) {
                        Tensor in = inputs[k];
                        if (in == null || !in.requiresGrad() || gi[k] == null) continue;
                        Shape.check(Arrays.equals(gi[k].shape(), in.shape()), "backward of " + node.name(),
                                "gradient " + k + " has the wrong shape", gi[k].shape(), in.shape());
                        Tensor prev = grads.get(in);
                        grads.put(in, prev == null ? gi[k] : prev.add(gi[k]));
                    }
                }
                // free saved tensors and inputs; the released node stays, so a second pass through
                // this tensor fails with a clear message instead of silently treating it as a leaf
                node.release();
            }
        }
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g) {
        Tensor prev = leaf.grad();
        if (prev == null) {
            // own the gradient: g may be a view of another tensor's storage or of the seed
            leaf.setGrad(g.copy());
        } else {
            prev.addInPlace(g, 1f);
        }
    }

    /** Tensors reachable from root through graph nodes, each after all of its inputs. */
    static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[]{root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node n = t.node();
            Tensor[] ins = n == null || n.released() ? new Tensor[0] : n.inputs();
            if (next < ins.length) {
                frame[1] = next + 1;
                Tensor in = ins[next];
                if (in != null && in.requiresGrad() && visited.put(in, Boolean.TRUE) == null) {
                    stack.push(new Object[]{in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
