package dev.nnc.lower;

import dev.nnc.ir.Dim;
import dev.nnc.ir.Shape;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An element count or stride known at compile time up to the symbols: a constant times a
 * product of symbols ({@code 784 * B}). Static shapes only ever multiply, so this is closed
 * under everything the lowering needs, and two sizes are equal exactly when their records are.
 */
record Size(long constant, List<String> symbols) {

    static final Size ONE = new Size(1, List.of());
    static final Size ZERO = new Size(0, List.of());

    Size {
        List<String> sorted = new ArrayList<>(symbols);
        Collections.sort(sorted);
        symbols = constant == 0 ? List.of() : List.copyOf(sorted);
    }

    static Size of(long constant) {
        return new Size(constant, List.of());
    }

    static Size of(Dim d) {
        return d instanceof Dim.Fixed f ? of(f.size()) : new Size(1, List.of(((Dim.Symbol) d).name()));
    }

    /** The number of elements of a shape. */
    static Size count(Shape shape) {
        Size s = ONE;
        for (Dim d : shape.dims()) {
            s = s.times(of(d));
        }
        return s;
    }

    /** The number of elements of dims {@code from} (inclusive) to {@code to} (exclusive). */
    static Size count(Shape shape, int from, int to) {
        Size s = ONE;
        for (int a = from; a < to; a++) {
            s = s.times(of(shape.dim(a)));
        }
        return s;
    }

    /** Row-major strides. */
    static List<Size> strides(Shape shape) {
        List<Size> out = new ArrayList<>();
        for (int a = 0; a < shape.rank(); a++) {
            out.add(count(shape, a + 1, shape.rank()));
        }
        return out;
    }

    Size times(Size o) {
        List<String> s = new ArrayList<>(symbols);
        s.addAll(o.symbols);
        return new Size(Math.multiplyExact(constant, o.constant), s);
    }

    boolean isConstant() {
        return symbols.isEmpty();
    }

    boolean isOne() {
        return constant == 1 && symbols.isEmpty();
    }

    /** As an I32 expression over the symbol fields, named by {@code fields}. */
    Expr toExpr(Map<String, String> fields) {
        Expr e = null;
        for (String s : symbols) {
            Expr f = new Expr.Field(fields.get(s), Kind.I32, false);
            e = e == null ? f : Exprs.mul(e, f);
        }
        if (e == null) {
            return Expr.Const.i32(Math.toIntExact(constant));
        }
        return constant == 1 ? e : Exprs.mul(Expr.Const.i32(Math.toIntExact(constant)), e);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (constant != 1 || symbols.isEmpty()) {
            parts.add(Long.toString(constant));
        }
        parts.addAll(symbols);
        return String.join("*", parts);
    }
}
