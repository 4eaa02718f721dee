package aedmae.tensor.ops;

import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.Node;

import java.util.List;

/** Concatenation along a dim; backward hands each input its slice of the gradient. */
public final class Cat extends Node {
    private final int dim;
    private final int[] sizes;

    private Cat(Tensor[] inputs, int dim, int[] sizes) {
        super(inputs);
        this.dim = dim;
        this.sizes = sizes;
    }

    public static Tensor apply(List<Tensor> tensors, int dim) {
        Shape.check(!tensors.isEmpty(), "cat", "needs at least one tensor");
        Tensor first = tensors.get(0);
        SameDevice.backend("cat", tensors.toArray(new Tensor[0]));
        int d = Shape.dim("cat", dim, first.dim());
        int[] shape = first.shape();
        int[] sizes = new int[tensors.size()];
        int total = 0;
        for (int i = 0; i < sizes.length; i++) {
            int[] s = tensors.get(i).shape();
            Shape.check(s.length == shape.length, "cat", "tensors must have the same rank", shape, s);
            for (int k = 0; k < s.length; k++) {
                if (k != d && s[k] != shape[k]) {
                    throw new IllegalArgumentException("cat: shapes " + Shape.str(shape) + " and " + Shape.str(s) + " differ outside dimension " + d);
                }
            }
            sizes[i] = s[d];
            total += s[d];
        }
        shape[d] = total;
        Tensor out = OpOutputs.forOverwrite(first, shape); // the copies cover every element
        int[] os = out.strides();
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            Tensor t = tensors.get(i);
            if (sizes[i] > 0) {
                t.backend().copy(t.shape(), t.storage(), t.offset(), t.strides(), out.storage(), at * os[d], os, false);
            }
            at += sizes[i];
        }
        Tensor[] ins = tensors.toArray(new Tensor[0]);
        if (Node.recording(ins)) out.attach(new Cat(ins, d, sizes));
        return out;
    }

    @Override
    public Tensor[] backward(Tensor g) {
        Tensor[] gs = new Tensor[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (needs(i)) gs[i] = g.slice(dim, at, at + sizes[i]);
            at += sizes[i];
        }
        return gs;
    }
}
