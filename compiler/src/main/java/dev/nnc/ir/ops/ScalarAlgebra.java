package dev.nnc.ir.ops;

import dev.nnc.ir.ops.Scalar.Fn;

/**
 * Builds formula trees with a few local rewrites, so that derived formulas stay as small as a
 * person would write them: sigmoid's derivative through its definition, times the cotangent,
 * should not drag along a {@code * 1.0} or a {@code + 0.0 * x} at every step.
 *
 * <p>The rules look only at a node and its immediate arguments:
 *
 * <ul>
 *   <li>constant folding: fn of constants is the constant fn computes;
 *   <li>0 + x, x + 0, x - 0, 1 * x, x * 1, x / 1, x ^ 1 are x; 0 - x, -1 * x, x * -1 are -x;
 *       -(-x) is x; (1 / b) * x and x * (1 / b) are x / b;
 *   <li>0 * x, x * 0 and 0 / x are 0: zeros are symbolic, as in every autodiff system, so a
 *       derivative that does not depend on x is 0 even where x is infinite;
 *   <li>select(c, a, a) is a, and a select on a constant condition is the branch it takes.
 * </ul>
 *
 * <p>Only derivative construction uses these rules; {@link Fn#of} builds the tree as written,
 * so an op's own formula keeps its exact IEEE meaning.
 */
final class ScalarAlgebra {

    private ScalarAlgebra() {}

    static Scalar constant(double value) {
        return Scalar.constant(value);
    }

    static boolean isConstant(Scalar s, double value) {
        // == rather than equals: -0.0 is a zero too.
        return s instanceof Scalar.Const c && c.value() == value;
    }

    static Scalar add(Scalar a, Scalar b) {
        return make(Fn.ADD, a, b);
    }

    static Scalar sub(Scalar a, Scalar b) {
        return make(Fn.SUB, a, b);
    }

    static Scalar mul(Scalar a, Scalar b) {
        return make(Fn.MUL, a, b);
    }

    static Scalar div(Scalar a, Scalar b) {
        return make(Fn.DIV, a, b);
    }

    static Scalar neg(Scalar a) {
        return make(Fn.NEG, a);
    }

    /** {@code fn(args)}, simplified by the rules above. */
    static Scalar make(Fn fn, Scalar... args) {
        boolean allConstant = true;
        double[] values = new double[args.length];
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Scalar.Const c) {
                values[i] = c.value();
            } else {
                allConstant = false;
            }
        }
        if (allConstant) {
            return constant(fn.apply(values));
        }
        Scalar a = args[0];
        Scalar b = args.length > 1 ? args[1] : null;
        switch (fn) {
            case ADD -> {
                if (isConstant(a, 0)) {
                    return b;
                }
                if (isConstant(b, 0)) {
                    return a;
                }
            }
            case SUB -> {
                if (isConstant(b, 0)) {
                    return a;
                }
                if (isConstant(a, 0)) {
                    return neg(b);
                }
            }
            case MUL -> {
                if (isConstant(a, 0) || isConstant(b, 0)) {
                    return constant(0);
                }
                if (isConstant(a, 1)) {
                    return b;
                }
                if (isConstant(b, 1)) {
                    return a;
                }
                if (isConstant(a, -1)) {
                    return neg(b);
                }
                if (isConstant(b, -1)) {
                    return neg(a);
                }
                if (isReciprocal(a)) {
                    return div(b, ((Scalar.Apply) a).args().get(1));
                }
                if (isReciprocal(b)) {
                    return div(a, ((Scalar.Apply) b).args().get(1));
                }
            }
            case DIV -> {
                if (isConstant(a, 0)) {
                    return constant(0);
                }
                if (isConstant(b, 1)) {
                    return a;
                }
            }
            case NEG -> {
                if (a instanceof Scalar.Apply inner && inner.fn() == Fn.NEG) {
                    return inner.args().get(0);
                }
            }
            case POW -> {
                if (isConstant(b, 1)) {
                    return a;
                }
            }
            case SELECT -> {
                if (args[1].equals(args[2])) {
                    return args[1];
                }
                if (a instanceof Scalar.Const c) {
                    return c.value() != 0 ? args[1] : args[2];
                }
            }
            default -> { }
        }
        return fn.of(args);
    }

    /** 1 / b. */
    private static boolean isReciprocal(Scalar s) {
        return s instanceof Scalar.Apply d && d.fn() == Fn.DIV && isConstant(d.args().get(0), 1);
    }
}
