package dev.nnc.ir.ops;

import dev.nnc.ir.DType;
import dev.nnc.ir.Emitter;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import java.util.List;

/**
 * softmax and log_softmax along one axis. Primitives rather than composites of exp, sum and
 * div, for stability: each slice subtracts its maximum before exponentiating, so no exp
 * overflows and softmax([1000, 0]) is exactly [1, 0]. log_softmax is computed as
 * (x - max) - log Σ exp(x - max), never as log(softmax), which would give -inf where the
 * probability underflows.
 *
 * @param log true for log_softmax
 */
public record Softmax(int axis, boolean log) implements Op {

    public static Softmax softmax(int axis) {
        return new Softmax(axis, false);
    }

    public static Softmax logSoftmax(int axis) {
        return new Softmax(axis, true);
    }

    @Override
    public String name() {
        return (log ? "log_softmax" : "softmax") + "(axis=" + axis + ")";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public TensorType infer(List<TensorType> operands) {
        TensorType in = operands.get(0);
        DType dtype = FloatOperands.common(name(), operands);
        Axes.normalize(axis, in.rank());
        return new TensorType(dtype, in.shape());
    }

    @Override
    public Tensor evaluate(List<Tensor> operands) {
        Tensor in = operands.get(0);
        int a = Axes.normalize(axis, in.rank());
        int[] shape = in.shape();
        int length = shape[a];
        int stride = Tensor.strides(shape)[a];
        double[] x = in.data();
        double[] out = new double[x.length];
        int slices = length == 0 ? 0 : x.length / length;
        for (int s = 0; s < slices; s++) {
            // Slice s starts at the s-th index that has 0 along the axis.
            int start = (s / stride) * stride * length + s % stride;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < length; i++) {
                max = Math.max(max, x[start + i * stride]);
            }
            double sum = 0;
            for (int i = 0; i < length; i++) {
                sum += Math.exp(x[start + i * stride] - max);
            }
            double logSum = Math.log(sum);
            for (int i = 0; i < length; i++) {
                int at = start + i * stride;
                out[at] = log ? (x[at] - max) - logSum : Math.exp(x[at] - max) / sum;
            }
        }
        return new Tensor(shape, out);
    }

    /**
     * From the output y, never the input, so both stay exact where exp(x) would overflow:
     * softmax: dz = y (g - Σ g y); log_softmax: dz = g - exp(y) Σ g, sums along the axis
     * with keepdims.
     */
    @Override
    public int[] vjp(Emitter e, Node node, int g) {
        int y = node.id();
        Reductions.Reduce sum = Reductions.sum(new int[] {axis}, true);
        if (log) {
            return new int[] {e.sub(g, e.mul(e.apply(Elementwise.exp(), y), e.apply(sum, g)))};
        }
        return new int[] {e.mul(y, e.sub(g, e.apply(sum, e.mul(g, y))))};
    }
}
