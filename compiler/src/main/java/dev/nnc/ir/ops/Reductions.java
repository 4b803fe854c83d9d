package dev.nnc.ir.ops;

import dev.nnc.ir.DType;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.ir.ShapeException;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Reductions over some or all axes: sum, mean, max, min, logsumexp. */
public final class Reductions {

    private Reductions() {}

    public enum Kind {
        SUM("sum"), MEAN("mean"), MAX("max"), MIN("min"),
        /**
         * log Σ exp(x), a primitive rather than a composite for stability: it subtracts the
         * maximum before exponentiating, so it is exact at ±1000 and all -inf gives -inf.
         */
        LOGSUMEXP("logsumexp");

        private final String spelling;

        Kind(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }
    }

    /** {@code axes} null reduces every axis; negative axes count from the end. */
    public static Reduce sum(int[] axes, boolean keepdims) {
        return new Reduce(Kind.SUM, listOf(axes), keepdims);
    }

    /** Divides by the number of reduced elements, known once symbolic dims are bound. */
    public static Reduce mean(int[] axes, boolean keepdims) {
        return new Reduce(Kind.MEAN, listOf(axes), keepdims);
    }

    /** Max over no elements is -inf. */
    public static Reduce max(int[] axes, boolean keepdims) {
        return new Reduce(Kind.MAX, listOf(axes), keepdims);
    }

    /** Min over no elements is +inf. */
    public static Reduce min(int[] axes, boolean keepdims) {
        return new Reduce(Kind.MIN, listOf(axes), keepdims);
    }

    public static Reduce logsumexp(int[] axes, boolean keepdims) {
        return new Reduce(Kind.LOGSUMEXP, listOf(axes), keepdims);
    }

    private static List<Integer> listOf(int[] axes) {
        return axes == null ? null : Arrays.stream(axes).boxed().toList();
    }

    /**
     * One reduction. {@code axes} are kept as written (null for all), since the operand's rank
     * is not known when the op is built.
     */
    public record Reduce(Kind kind, List<Integer> axes, boolean keepdims) implements Op {

        public Reduce {
            axes = axes == null ? null : List.copyOf(axes);
        }

        @Override
        public String name() {
            List<String> attributes = new ArrayList<>();
            if (axes != null) {
                attributes.add("axis=" + (axes.size() == 1
                        ? axes.get(0).toString()
                        : axes.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"))));
            }
            if (keepdims) {
                attributes.add("keepdims");
            }
            return kind.spelling() + (attributes.isEmpty() ? "" : "(" + String.join(", ", attributes) + ")");
        }

        @Override
        public int arity() {
            return 1;
        }

        /** Which axes of a rank-{@code rank} operand this reduces. */
        public boolean[] reduced(int rank) {
            boolean[] reduced = new boolean[rank];
            if (axes == null) {
                Arrays.fill(reduced, true);
                return reduced;
            }
            for (int axis : axes) {
                int a = Axes.normalize(axis, rank);
                if (reduced[a]) {
                    throw new ShapeException(name() + " names axis " + a + " twice", 0, null);
                }
                reduced[a] = true;
            }
            return reduced;
        }

        @Override
        public TensorType infer(List<TensorType> operands) {
            TensorType in = operands.get(0);
            DType dtype = FloatOperands.common(name(), operands);
            boolean[] reduced = reduced(in.rank());
            List<Dim> dims = new ArrayList<>();
            for (int a = 0; a < in.rank(); a++) {
                if (!reduced[a]) {
                    dims.add(in.shape().dim(a));
                } else if (keepdims) {
                    dims.add(Dim.of(1));
                }
            }
            return new TensorType(dtype, new Shape(dims));
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            Tensor in = operands.get(0);
            int[] shape = in.shape();
            boolean[] reduced = reduced(shape.length);
            int[] kept = shape.clone();
            long count = 1;
            for (int a = 0; a < shape.length; a++) {
                if (reduced[a]) {
                    kept[a] = 1;
                    count *= shape[a];
                }
            }
            // Reducing is broadcasting read backwards: input element i lands on output target[i].
            int[] target = Broadcast.indexMap(kept, shape);
            double[] out = new double[Math.toIntExact(Tensor.count(kept))];
            double[] x = in.data();
            switch (kind) {
                case SUM, MEAN -> {
                    for (int i = 0; i < x.length; i++) {
                        out[target[i]] += x[i];
                    }
                    if (kind == Kind.MEAN) {
                        for (int o = 0; o < out.length; o++) {
                            out[o] /= count;
                        }
                    }
                }
                case MAX -> {
                    Arrays.fill(out, Double.NEGATIVE_INFINITY);
                    for (int i = 0; i < x.length; i++) {
                        out[target[i]] = Math.max(out[target[i]], x[i]);
                    }
                }
                case MIN -> {
                    Arrays.fill(out, Double.POSITIVE_INFINITY);
                    for (int i = 0; i < x.length; i++) {
                        out[target[i]] = Math.min(out[target[i]], x[i]);
                    }
                }
                case LOGSUMEXP -> {
                    double[] max = new double[out.length];
                    Arrays.fill(max, Double.NEGATIVE_INFINITY);
                    for (int i = 0; i < x.length; i++) {
                        max[target[i]] = Math.max(max[target[i]], x[i]);
                    }
                    for (int i = 0; i < x.length; i++) {
                        out[target[i]] += Math.exp(x[i] - max[target[i]]);
                    }
                    for (int o = 0; o < out.length; o++) {
                        // An infinite max is the answer (all -inf gives -inf, any +inf gives
                        // +inf); subtracting it would have made NaN.
                        out[o] = Double.isInfinite(max[o]) ? max[o] : max[o] + Math.log(out[o]);
                    }
                }
            }
            return new Tensor(keepdims ? kept : dropReduced(shape, reduced), out);
        }

        private static int[] dropReduced(int[] shape, boolean[] reduced) {
            int[] out = new int[shape.length];
            int n = 0;
            for (int a = 0; a < shape.length; a++) {
                if (!reduced[a]) {
                    out[n++] = shape[a];
                }
            }
            return Arrays.copyOf(out, n);
        }
    }
}
