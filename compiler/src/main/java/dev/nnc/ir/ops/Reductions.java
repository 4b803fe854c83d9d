package dev.nnc.ir.ops;

import dev.nnc.ir.DType;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Emitter;
import dev.nnc.ir.Node;
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

    /**
     * How many elements a reduction over {@code axes} (null: all) folds into each result, as a
     * float scalar. Not in the language: mean's derivative divides by it, and it is known only
     * once symbolic dimensions are bound.
     */
    public static Count count(int[] axes) {
        return new Count(listOf(axes));
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
            return Reductions.reduced(axes, rank, name());
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

        /**
         * sum: g spread back over the reduced axes; mean: the same divided by the count;
         * logsumexp: g softmax(x) over the reduced axes; max and min: g to the elements that
         * equal the result, split evenly between tied winners.
         */
        @Override
        public int[] vjp(Emitter e, Node node, int g) {
            int x = node.input(0);
            int dx = switch (kind) {
                case SUM -> spread(e, g, x);
                case MEAN -> spread(e, e.div(g, e.apply(count(axesArray()), x)), x);
                case LOGSUMEXP -> {
                    // exp(x - m) / Σ exp(x - m) with m the maximum, not exp(x - y): near the
                    // maximum x - m is exact, while x - y rounds at y's magnitude (1e-13
                    // relative at 1000 in f64, 6e-5 in f32). The value does not depend on m,
                    // so stop_gradient on m is exact and spares a second derivative the work.
                    int m = e.apply(Differentiation.stopGradient(), e.apply(max(axesArray(), true), x));
                    int z = e.apply(Elementwise.exp(), e.sub(x, m));
                    int softmax = e.div(z, e.apply(sum(axesArray(), true), z));
                    yield e.mul(softmax, spread(e, g, x));
                }
                case MAX, MIN -> {
                    // The winners are piecewise constant in x: stop_gradient keeps a second
                    // derivative from differentiating through the mask and the count.
                    int winners = e.apply(Differentiation.stopGradient(),
                            e.apply(Elementwise.equal(), x, spread(e, node.id(), x)));
                    int ties = e.apply(sum(axesArray(), keepdims), winners);
                    yield e.mul(winners, spread(e, e.div(g, ties), x));
                }
            };
            return new int[] {dx};
        }

        /** A value of the result's shape broadcast back to the operand {@code x}'s shape. */
        private int spread(Emitter e, int reduced, int x) {
            return keepdims ? e.broadcastLike(reduced, x) : e.broadcastLike(reduced, x, axesArray());
        }

        private int[] axesArray() {
            return axes == null ? null : axes.stream().mapToInt(Integer::intValue).toArray();
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

    /** Which axes of a rank-{@code rank} operand a reduction over {@code axes} (null: all) reduces. */
    private static boolean[] reduced(List<Integer> axes, int rank, String op) {
        boolean[] reduced = new boolean[rank];
        if (axes == null) {
            Arrays.fill(reduced, true);
            return reduced;
        }
        for (int axis : axes) {
            int a = Axes.normalize(axis, rank);
            if (reduced[a]) {
                throw new ShapeException(op + " names axis " + a + " twice", 0, null);
            }
            reduced[a] = true;
        }
        return reduced;
    }

    /** See {@link #count}. Its value depends only on its operand's shape, so it passes no gradient. */
    public record Count(List<Integer> axes) implements Op {

        public Count {
            axes = axes == null ? null : List.copyOf(axes);
        }

        @Override
        public String name() {
            return axes == null ? "count" : "count(axis=" + axes.stream().map(String::valueOf)
                    .collect(Collectors.joining(", ", axes.size() == 1 ? "" : "[", axes.size() == 1 ? "" : "]")) + ")";
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public TensorType infer(List<TensorType> operands) {
            TensorType in = operands.get(0);
            DType dtype = FloatOperands.common(name(), operands);
            reduced(axes, in.rank(), name());
            return TensorType.scalar(dtype);
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            int[] shape = operands.get(0).shape();
            boolean[] reduced = reduced(axes, shape.length, name());
            long count = 1;
            for (int a = 0; a < shape.length; a++) {
                if (reduced[a]) {
                    count *= shape[a];
                }
            }
            return Tensor.scalar(count);
        }

        @Override
        public int[] vjp(Emitter e, Node node, int g) {
            return new int[] {Emitter.NONE};
        }
    }
}
