package dev.nnc.lower;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import java.util.List;

/**
 * Builders for {@link Expr} that fold what is known: index arithmetic with constants (i * 1,
 * i + 0, 2 * 3) never reaches generated code.
 */
final class Exprs {

    private Exprs() {}

    static Expr i32(int v) {
        return Expr.Const.i32(v);
    }

    static Expr constant(Kind kind, double v) {
        return new Expr.Const(kind, kind == Kind.F32 ? (float) v : v);
    }

    static Expr local(String name, Kind kind) {
        return new Expr.Local(name, kind);
    }

    static boolean isInt(Expr e, int v) {
        return e instanceof Expr.Const c && c.kind() == Kind.I32 && c.value() == v;
    }

    static Expr add(Expr a, Expr b) {
        if (isInt(a, 0)) {
            return b;
        }
        if (isInt(b, 0)) {
            return a;
        }
        if (a instanceof Expr.Const x && b instanceof Expr.Const y && a.kind() == Kind.I32 && b.kind() == Kind.I32) {
            return i32(Math.addExact((int) x.value(), (int) y.value()));
        }
        return new Expr.Apply(Fn.ADD, Kind.I32, List.of(a, b));
    }

    static Expr mul(Expr a, Expr b) {
        if (isInt(a, 1)) {
            return b;
        }
        if (isInt(b, 1)) {
            return a;
        }
        if (isInt(a, 0) || isInt(b, 0)) {
            return i32(0);
        }
        if (a instanceof Expr.Const x && b instanceof Expr.Const y && a.kind() == Kind.I32 && b.kind() == Kind.I32) {
            return i32(Math.multiplyExact((int) x.value(), (int) y.value()));
        }
        return new Expr.Apply(Fn.MUL, Kind.I32, List.of(a, b));
    }

    static Expr apply(Fn fn, Kind kind, Expr... args) {
        return new Expr.Apply(fn, kind, List.of(args));
    }

    static Expr convert(Expr e, Kind to) {
        if (e.kind() == to) {
            return e;
        }
        if (e instanceof Expr.Const c) {
            return constant(to, c.value());
        }
        return new Expr.Convert(e, to);
    }

    /** Whether an expression is cheap enough to repeat rather than keep in a local. */
    static boolean isTrivial(Expr e) {
        return e instanceof Expr.Const || e instanceof Expr.Local || e instanceof Expr.Field
                || (e instanceof Expr.Load l && isTrivialIndex(l.index()));
    }

    private static boolean isTrivialIndex(Expr e) {
        return e instanceof Expr.Const || e instanceof Expr.Local;
    }

    /**
     * {@code fn(args)} in a float kind, with what is known folded: constant operands are
     * evaluated now (in F32 rounded as the generated code would round), {@code x * 1} is x,
     * {@code pow(x, 1)} is x and {@code pow(x, 2)} is {@code x * x} when x is cheap to read
     * twice. Derivative formulas are full of these ({@code 2 * pow(x, 2 - 1) * 0.5}), and a
     * {@code Math.pow} left in a small network's step costs more than the rest of it; and
     * {@code (x * c2) * c1} is x when c1 and c2 are powers of two whose product is 1
     * ({@code 2 * u * 0.5}, the derivative of {@code 0.5 * u^2}), exact unless {@code x * c2}
     * overflowed or lost bits below the normal range. Additive zeros stay here: {@code 0.0 + x}
     * is not x when x is -0.0 ({@link Unroll} drops the zero an unrolled sum starts from).
     */
    static Expr fold(Fn fn, Kind kind, List<Expr> args) {
        if (kind.isFloat()) {
            boolean constant = true;
            double[] values = new double[args.size()];
            for (int i = 0; i < values.length; i++) {
                if (args.get(i) instanceof Expr.Const c) {
                    values[i] = c.value();
                } else {
                    constant = false;
                }
            }
            if (constant) {
                return constant(kind, fn.apply(values));
            }
            if (fn == Fn.MUL && isFloat(args.get(1), 1)) {
                return args.get(0);
            }
            if (fn == Fn.MUL) {
                Expr cancelled = cancelScales(args.get(0), args.get(1));
                if (cancelled == null) {
                    cancelled = cancelScales(args.get(1), args.get(0));
                }
                if (cancelled != null) {
                    return cancelled;
                }
            }
            if (fn == Fn.MUL && isFloat(args.get(0), 1)) {
                return args.get(1);
            }
            if (fn == Fn.POW && isFloat(args.get(1), 1)) {
                return args.get(0);
            }
            if (fn == Fn.POW && isFloat(args.get(1), 2) && isTrivial(args.get(0))) {
                return new Expr.Apply(Fn.MUL, kind, List.of(args.get(0), args.get(0)));
            }
        }
        return new Expr.Apply(fn, kind, args);
    }

    /**
     * x when {@code product} is {@code x * c2} (or {@code c2 * x}) and {@code scale} a constant
     * c1 with {@code c1 * c2 == 1}, both powers of two ({@code (2 * u) * 0.5}, the derivative
     * of {@code 0.5 * u^2}): scaling by a power of two only moves the exponent, so x comes back
     * exactly, unless {@code x * c2} overflowed or lost bits below the normal range, where x
     * is the exact result the two roundings missed. Else null.
     */
    private static Expr cancelScales(Expr product, Expr scale) {
        if (!(scale instanceof Expr.Const c1) || !(product instanceof Expr.Apply p) || p.fn() != Fn.MUL
                || !isPowerOfTwo(c1.value())) {
            return null;
        }
        for (int i = 0; i < 2; i++) {
            if (p.args().get(i) instanceof Expr.Const c2 && isPowerOfTwo(c2.value())
                    && c1.value() * c2.value() == 1.0) {
                return p.args().get(1 - i);
            }
        }
        return null;
    }

    private static boolean isPowerOfTwo(double v) {
        double a = Math.abs(v);
        return a >= Double.MIN_NORMAL && a <= Double.MAX_VALUE && a == Math.scalb(1.0, Math.getExponent(a));
    }

    /** Whether e is the float constant v (either zero, for 0). */
    static boolean isFloat(Expr e, double v) {
        return e instanceof Expr.Const c && c.kind().isFloat() && c.value() == v;
    }
}
