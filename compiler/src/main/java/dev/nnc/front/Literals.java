package dev.nnc.front;

import dev.nnc.ir.DType;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Shape;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Turns literal values ({@code [[0.15, 0.20], [0.25, 0.30]]}) into tensors of a declared type. */
final class Literals {

    private Literals() {}

    /** The tensor a literal spells, with its own shape. Ragged lists and booleans are errors. */
    static Tensor tensor(Static value, String what) throws CheckError {
        List<Integer> shape = new ArrayList<>();
        Static s = value;
        while (s instanceof Static.ListV l) {
            shape.add(l.elements().size());
            if (l.elements().isEmpty()) {
                break;
            }
            s = l.elements().get(0);
        }
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        double[] data = new double[Math.toIntExact(Tensor.count(dims))];
        fill(value, dims, 0, data, new int[] {0}, what);
        return new Tensor(dims, data);
    }

    private static void fill(Static s, int[] dims, int axis, double[] out, int[] next, String what)
            throws CheckError {
        if (axis == dims.length) {
            if (s instanceof Static.Num n) {
                out[next[0]++] = n.value();
                return;
            }
            if (s instanceof Static.ListV l) {
                throw new CheckError(l.span(), "ragged literal: expected a number here, found a list of "
                        + l.elements().size(), "every row of " + what + " must have the same shape");
            }
            throw new CheckError(s.span(), what + " must hold numbers, found a boolean");
        }
        if (!(s instanceof Static.ListV l)) {
            throw new CheckError(s.span(), "ragged literal: expected a list of " + dims[axis]
                    + " here, found a number", "every row of " + what + " must have the same shape");
        }
        if (l.elements().size() != dims[axis]) {
            throw new CheckError(l.span(), "ragged literal: this list has " + l.elements().size()
                    + " elements but the first one at its depth has " + dims[axis],
                    "every row of " + what + " must have the same shape");
        }
        for (Static e : l.elements()) {
            fill(e, dims, axis + 1, out, next, what);
        }
    }

    /**
     * A literal as a value of {@code type}: the shapes must agree (symbols take the literal's
     * sizes, recorded in {@code bindings}, which the caller passes empty), or a single number
     * fills a fixed shape. {@code what} names the value in messages; empty when the message
     * has it already (a command line's {@code --set x: ...}).
     */
    static Tensor fit(Static value, TensorType type, String what, Map<String, Integer> bindings)
            throws CheckError {
        Tensor t = tensor(value, what.isEmpty() ? "the value" : what);
        Shape declared = type.shape();
        if (t.rank() == 0 && declared.rank() > 0) {
            if (!declared.isFixed()) {
                throw new CheckError(value.span(), "a single number cannot fill " + declared + (what.isEmpty() ? "" : " for " + what)
                        + ": the size of " + firstSymbol(declared) + " is unknown",
                        "write the value out as a nested list");
            }
            double[] data = new double[Math.toIntExact(declared.elementCount())];
            Arrays.fill(data, t.item());
            t = new Tensor(declared.sizes(), data);
        } else {
            if (t.rank() != declared.rank() || !matches(t.shape(), declared, bindings)) {
                throw new CheckError(value.span(), "literal of shape " + Shape.of(t.shape())
                        + " does not match the declared type " + declared + (what.isEmpty() ? "" : " of " + what));
            }
        }
        if (type.dtype() == DType.I32) {
            for (double v : t.data()) {
                if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                    throw new CheckError(value.span(), (what.isEmpty() ? "an integer tensor" : "integer tensor " + what) + " holds the non-integer value "
                            + Tensor.format(v));
                }
            }
        }
        return t;
    }

    private static boolean matches(int[] sizes, Shape declared, Map<String, Integer> bindings) {
        for (int i = 0; i < sizes.length; i++) {
            Dim d = declared.dim(i);
            if (d instanceof Dim.Fixed f) {
                if (f.size() != sizes[i]) {
                    return false;
                }
            } else {
                String sym = ((Dim.Symbol) d).name();
                Integer bound = bindings.get(sym);
                if (bound != null && bound != sizes[i]) {
                    return false;
                }
                bindings.put(sym, sizes[i]);
            }
        }
        return true;
    }

    private static String firstSymbol(Shape s) {
        for (Dim d : s.dims()) {
            if (d instanceof Dim.Symbol sym) {
                return sym.name();
            }
        }
        return "?";
    }
}
