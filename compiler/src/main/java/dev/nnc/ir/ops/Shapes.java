package dev.nnc.ir.ops;

import dev.nnc.ir.Dim;
import dev.nnc.ir.Emitter;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.ir.ShapeException;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ops that rearrange elements without computing: transpose and reshape. Any dtype. */
public final class Shapes {

    private Shapes() {}

    public static Transpose transpose() {
        return new Transpose();
    }

    /**
     * {@code reshape(x, [dims])}. {@code inferredAxis} is the index in {@code target} written as
     * -1, or -1 when none was; the Dim at that index is a placeholder and is ignored.
     */
    public static Reshape reshape(List<Dim> target, int inferredAxis) {
        return new Reshape(target, inferredAxis);
    }

    /** {@code reshape_like(x, like)}: x's elements in the shape of {@code like}. */
    public static ReshapeLike reshapeLike() {
        return new ReshapeLike();
    }

    /** The transpose of a matrix: [m, n] to [n, m]. */
    public record Transpose() implements Op {
        @Override
        public String name() {
            return "transpose";
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public TensorType infer(List<TensorType> operands) {
            TensorType in = operands.get(0);
            if (in.rank() != 2) {
                throw new ShapeException("transpose needs a 2-D tensor, found " + in.shape(), 0, null);
            }
            return in.withShape(Shape.of(in.shape().dim(1), in.shape().dim(0)));
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            Tensor in = operands.get(0);
            int m = in.dim(0);
            int n = in.dim(1);
            double[] out = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    out[j * m + i] = in.get(i * n + j);
                }
            }
            return new Tensor(new int[] {n, m}, out);
        }

        @Override
        public int[] vjp(Emitter e, Node node, int g) {
            return new int[] {e.apply(transpose(), g)};
        }
    }

    /**
     * The same elements, row-major, in another shape.
     *
     * <p>Element counts must agree statically. Fixed dims multiply; symbols cannot be counted,
     * so they must cancel: the target keeps exactly the operand's symbols, except that the -1
     * axis may absorb one leftover symbol ([B, 784] to [-1, 28, 28] is [B, 28, 28]) or become
     * the fixed quotient ([B, 784] to [B, -1, 28] is [B, 28, 28]).
     *
     * @param target the dims; the one at {@code inferredAxis} is stored as 1, a placeholder, so
     *     that equal reshapes are equal values
     * @param inferredAxis the index written as -1, or -1 when none was
     */
    public record Reshape(List<Dim> target, int inferredAxis) implements Op {

        public Reshape {
            if (inferredAxis < -1 || inferredAxis >= target.size()) {
                throw new IllegalArgumentException("inferred axis " + inferredAxis + " outside " + target);
            }
            List<Dim> dims = new ArrayList<>(target);
            if (inferredAxis >= 0) {
                dims.set(inferredAxis, Dim.of(1));
            }
            target = List.copyOf(dims);
        }

        @Override
        public String name() {
            return "reshape(" + written() + ")";
        }

        /** The target as the program wrote it, with -1 at the inferred axis. */
        public String written() {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < target.size(); i++) {
                parts.add(i == inferredAxis ? "-1" : target.get(i).toString());
            }
            return "[" + String.join(", ", parts) + "]";
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public TensorType infer(List<TensorType> operands) {
            TensorType in = operands.get(0);
            Shape from = in.shape();
            long fixedIn = 1;
            List<Dim> leftover = new ArrayList<>();
            for (Dim d : from.dims()) {
                if (d instanceof Dim.Fixed f) {
                    fixedIn *= f.size();
                } else {
                    leftover.add(d);
                }
            }
            long fixedOut = 1;
            for (int i = 0; i < target.size(); i++) {
                Dim d = target.get(i);
                if (i == inferredAxis) {
                    continue;
                }
                if (d instanceof Dim.Fixed f) {
                    fixedOut *= f.size();
                } else if (!leftover.remove(d)) {
                    throw error(from, d + " is not a dimension of " + from, null);
                }
            }
            // Counts of elements are per unit of each symbol: "784 elements per B".
            List<Dim> symbolsIn = from.dims().stream().filter(d -> d instanceof Dim.Symbol).toList();
            String per = symbolsIn.isEmpty() ? "" : " per " + product(symbolsIn);
            if (inferredAxis < 0) {
                if (!leftover.isEmpty()) {
                    throw error(from, "the target drops the symbolic dimension " + leftover.get(0),
                            "keep " + leftover.get(0) + " in the target, or write -1 for the dimension that holds it");
                }
                if (fixedIn != fixedOut) {
                    throw error(from, fixedIn + " elements" + per + " cannot fill " + fixedOut, null);
                }
                return in.withShape(new Shape(target));
            }
            if (fixedOut == 0 || fixedIn % fixedOut != 0) {
                throw error(from, fixedIn + " elements" + per + " do not divide into parts of " + fixedOut, null);
            }
            Dim inferred;
            if (leftover.isEmpty()) {
                inferred = Dim.of(Math.toIntExact(fixedIn / fixedOut));
            } else if (leftover.size() == 1 && fixedIn == fixedOut) {
                inferred = leftover.get(0);
            } else {
                String size = fixedIn == fixedOut ? product(leftover) : product(leftover) + "*" + fixedIn / fixedOut;
                throw error(from, "the -1 dimension would be " + size + ", which is not a single dimension",
                        "keep each symbolic dimension as a dimension of its own");
            }
            List<Dim> dims = new ArrayList<>(target);
            dims.set(inferredAxis, inferred);
            return in.withShape(new Shape(dims));
        }

        private ShapeException error(Shape from, String why, String hint) {
            return new ShapeException("cannot reshape " + from + " to " + written() + ": " + why, -1, hint);
        }

        private static String product(List<Dim> dims) {
            List<String> parts = new ArrayList<>();
            for (Dim d : dims) {
                parts.add(d.toString());
            }
            return String.join("*", parts);
        }

        /**
         * This reshape with its symbols replaced by their sizes. Evaluation can infer one
         * unknown dimension from the element count; a target such as [B, -1] has two, so the
         * interpreter binds B first.
         */
        public Reshape bind(Map<String, Integer> sizes) {
            return new Reshape(new Shape(target).bind(sizes).dims(), inferredAxis);
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            Tensor in = operands.get(0);
            int[] shape = new int[target.size()];
            int unknown = -1;
            long known = 1;
            for (int i = 0; i < shape.length; i++) {
                Dim d = target.get(i);
                if (i == inferredAxis || d instanceof Dim.Symbol) {
                    if (unknown >= 0) {
                        throw new IllegalStateException("reshape to " + written()
                                + " has more than one unknown dimension; bind its symbols before evaluating");
                    }
                    unknown = i;
                } else {
                    shape[i] = d.size();
                    known *= d.size();
                }
            }
            if (unknown >= 0 && known > 0 && in.size() % known == 0) {
                shape[unknown] = Math.toIntExact(in.size() / known);
                known = in.size();
            }
            if (known != in.size()) {
                throw new IllegalArgumentException("cannot reshape " + Shape.of(in.shape()) + " to " + written());
            }
            return in.reshape(shape);
        }

        /** g put back in the operand's shape, whatever its symbols turn out to be. */
        @Override
        public int[] vjp(Emitter e, Node node, int g) {
            return new int[] {e.apply(reshapeLike(), g, node.input(0))};
        }
    }

    /**
     * The elements of the first operand, row-major, in the shape of the second, which gives
     * only its shape. Derivative rules use it to undo a reshape: the target is whatever shape
     * the operand has at run time, so symbolic dimensions need no binding. The element counts
     * must agree statically: the same product of fixed sizes and the same symbols.
     */
    public record ReshapeLike() implements Op {
        @Override
        public String name() {
            return "reshape_like";
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> operands) {
            Shape from = operands.get(0).shape();
            Shape to = operands.get(1).shape();
            if (fixedCount(from) != fixedCount(to) || !symbols(from).equals(symbols(to))) {
                throw new ShapeException("cannot reshape " + from + " like " + to + ": the element counts differ",
                        -1, null);
            }
            return operands.get(0).withShape(to);
        }

        private static long fixedCount(Shape s) {
            long n = 1;
            for (Dim d : s.dims()) {
                n *= d.isFixed() ? d.size() : 1;
            }
            return n;
        }

        private static List<String> symbols(Shape s) {
            return s.dims().stream().filter(d -> !d.isFixed()).map(Dim::toString).sorted().toList();
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            return operands.get(0).reshape(operands.get(1).shape());
        }

        @Override
        public int[] vjp(Emitter e, Node node, int g) {
            return new int[] {e.apply(reshapeLike(), g, node.input(0)), Emitter.NONE};
        }
    }
}
