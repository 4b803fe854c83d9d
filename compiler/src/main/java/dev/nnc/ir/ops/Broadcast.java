package dev.nnc.ir.ops;

import dev.nnc.ir.Dim;
import dev.nnc.ir.Shape;
import dev.nnc.ir.ShapeException;
import dev.nnc.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NumPy broadcasting, statically over symbolic shapes and concretely over sizes. Shapes line
 * up from the right; at each position the dimensions must be equal or 1, and 1 stretches.
 *
 * <p>With symbols, "equal" means the same symbol. A symbol never matches a fixed size other
 * than 1: B may turn out to be 784 at run time, but a program that relies on it is wrong for
 * every other batch size, so the rule rejects it statically.
 */
public final class Broadcast {

    private Broadcast() {}

    /**
     * The broadcast shape of {@code shapes}.
     *
     * @param verb what the op does, for the message: {@code add}, {@code take maximum of}
     * @throws ShapeException naming the first operand whose dimension clashes with an earlier one
     */
    public static Shape shape(String verb, List<Shape> shapes) {
        int rank = 0;
        for (Shape s : shapes) {
            rank = Math.max(rank, s.rank());
        }
        Dim[] out = new Dim[rank];
        for (int fromRight = 1; fromRight <= rank; fromRight++) {
            Dim result = Dim.of(1);
            for (int i = 0; i < shapes.size(); i++) {
                Shape s = shapes.get(i);
                if (s.rank() < fromRight) {
                    continue;
                }
                Dim d = s.dim(s.rank() - fromRight);
                if (isOne(d) || d.equals(result)) {
                    continue;
                }
                if (!isOne(result)) {
                    throw clash(verb, shapes, result, d, i);
                }
                result = d;
            }
            out[rank - fromRight] = result;
        }
        return Shape.of(out);
    }

    private static boolean isOne(Dim d) {
        return d instanceof Dim.Fixed f && f.size() == 1;
    }

    private static ShapeException clash(String verb, List<Shape> shapes, Dim a, Dim b, int operand) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < shapes.size(); i++) {
            if (i > 0) {
                list.append(i == shapes.size() - 1 ? " and " : ", ");
            }
            list.append(shapes.get(i));
        }
        Dim symbol = a instanceof Dim.Symbol ? a : b instanceof Dim.Symbol ? b : null;
        String hint = symbol != null
                ? "a symbolic dimension such as " + symbol + " matches only itself or 1"
                : "shapes line up from the right; each pair of dimensions must be equal, or one of them 1";
        return new ShapeException("cannot " + verb + " " + list + ": dimensions " + a + " and " + b
                + " do not broadcast", operand, hint);
    }

    /** The broadcast shape of concrete sizes. */
    public static int[] shape(int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int k = 1; k <= s.length; k++) {
                int d = s[s.length - k];
                int r = out[rank - k];
                if (d != 1 && r != 1 && d != r) {
                    throw new IllegalArgumentException("sizes " + describe(shapes) + " do not broadcast");
                }
                if (d != 1) {
                    out[rank - k] = d;
                }
            }
        }
        return out;
    }

    private static String describe(int[][] shapes) {
        List<String> parts = new ArrayList<>();
        for (int[] s : shapes) {
            parts.add(Arrays.toString(s));
        }
        return String.join(" and ", parts);
    }

    /**
     * For each element of {@code to} (row-major), the element of {@code from} that broadcasting
     * reads there. {@code from} must broadcast to {@code to}.
     */
    public static int[] indexMap(int[] from, int[] to) {
        int rank = to.length;
        int offset = rank - from.length;
        int[] fromStrides = Tensor.strides(from);
        // Stride of each axis of `to` in `from`: 0 where from is missing or stretched from 1.
        int[] strides = new int[rank];
        for (int a = offset; a < rank; a++) {
            int d = from[a - offset];
            if (d != 1 && d != to[a]) {
                throw new IllegalArgumentException(Arrays.toString(from) + " does not broadcast to " + Arrays.toString(to));
            }
            strides[a] = d == 1 ? 0 : fromStrides[a - offset];
        }
        int[] map = new int[Math.toIntExact(Tensor.count(to))];
        int[] index = new int[rank];
        int source = 0;
        for (int i = 0; i < map.length; i++) {
            map[i] = source;
            // Advance the row-major counter, keeping the source offset in step.
            for (int a = rank - 1; a >= 0; a--) {
                index[a]++;
                source += strides[a];
                if (index[a] < to[a]) {
                    break;
                }
                source -= strides[a] * index[a];
                index[a] = 0;
            }
        }
        return map;
    }

    /**
     * The axes of {@code result} along which {@code operand} was stretched: the leading axes it
     * lacks and the axes where it has 1 and the result does not. Summing a gradient over these
     * axes undoes the broadcast.
     */
    public static int[] stretchedAxes(Shape operand, Shape result) {
        int offset = result.rank() - operand.rank();
        List<Integer> axes = new ArrayList<>();
        for (int a = 0; a < result.rank(); a++) {
            if (a < offset || (isOne(operand.dim(a - offset)) && !isOne(result.dim(a)))) {
                axes.add(a);
            }
        }
        return axes.stream().mapToInt(Integer::intValue).toArray();
    }
}
