package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.ScalarAlgebra.add;
import static dev.nnc.ir.ops.ScalarAlgebra.div;
import static dev.nnc.ir.ops.ScalarAlgebra.make;
import static dev.nnc.ir.ops.ScalarAlgebra.mul;
import static dev.nnc.ir.ops.ScalarAlgebra.neg;
import static dev.nnc.ir.ops.ScalarAlgebra.sub;

import dev.nnc.ir.Tensor;
import dev.nnc.runtime.Erf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The formula of an elementwise op: a tiny expression tree over the op's operands at one
 * element. The interpreter evaluates it, and both code generators emit it, so no two places
 * can disagree about what {@code softplus} means.
 *
 * <p>{@link Fn} lists the primitives the tree is made of. Each is one JVM-level operation or
 * one runtime call whose meaning is fixed here, down to NaN and signed zero, and states its
 * derivative next to its definition ({@link Fn#chain}), so every formula, including the
 * derivative formulas the differentiation pass emits, can be differentiated again.
 */
public sealed interface Scalar {

    /** The value at one element, given one value per operand. */
    double eval(double... args);

    /** How many operands the formula reads: one more than its highest {@link Arg} index. */
    int arity();

    /**
     * The derivative with respect to operand {@code arg}, as a formula over the same operands,
     * by the chain rule through the tree, kept small by {@link ScalarAlgebra}'s local rules.
     * Zeros are symbolic: 0 * x is 0 even where x is infinite (JAX's and PyTorch's convention).
     *
     * @throws IllegalStateException on a formula that mentions the {@link Output}
     */
    Scalar derivative(int arg);

    /** This tree with every leaf (operand, output, constant) replaced by {@code leaf}'s result. */
    default Scalar substitute(UnaryOperator<Scalar> leaf) {
        return leaf.apply(this);
    }

    static Scalar arg(int index) {
        return new Arg(index);
    }

    static Scalar constant(double value) {
        return new Const(value);
    }

    /** The op's own result, for derivative formulas that reuse it: sigmoid' = y (1 - y). */
    static Scalar output() {
        return new Output();
    }

    /** Operand {@code index} of the op. */
    record Arg(int index) implements Scalar {
        public Arg {
            if (index < 0) {
                throw new IllegalArgumentException("negative operand index " + index);
            }
        }

        @Override
        public double eval(double... args) {
            return args[index];
        }

        @Override
        public int arity() {
            return index + 1;
        }

        @Override
        public Scalar derivative(int arg) {
            return ScalarAlgebra.constant(index == arg ? 1 : 0);
        }

        @Override
        public String toString() {
            return "x" + index;
        }
    }

    record Const(double value) implements Scalar {
        @Override
        public double eval(double... args) {
            return value;
        }

        @Override
        public int arity() {
            return 0;
        }

        @Override
        public Scalar derivative(int arg) {
            return ScalarAlgebra.constant(0);
        }

        @Override
        public String toString() {
            return Tensor.format(value);
        }
    }

    /**
     * The result of the op whose derivative formula this appears in. It is no operand, so it
     * never reaches {@link #eval} or {@link #derivative}: a derivative rule replaces it by the
     * op's output node before the formula is emitted, and the chain rule then flows through
     * that node like through any other value.
     */
    record Output() implements Scalar {
        @Override
        public double eval(double... args) {
            throw new IllegalStateException("y, the op's output, is not an operand; bind it to the output node first");
        }

        @Override
        public int arity() {
            return 0;
        }

        @Override
        public Scalar derivative(int arg) {
            throw new IllegalStateException("y, the op's output, has no derivative inside a formula; "
                    + "bind it to the output node first");
        }

        @Override
        public String toString() {
            return "y";
        }
    }

    record Apply(Fn fn, List<Scalar> args) implements Scalar {
        public Apply {
            args = List.copyOf(args);
            if (args.size() != fn.arity()) {
                throw new IllegalArgumentException(fn + " takes " + fn.arity() + " arguments, got " + args.size());
            }
        }

        @Override
        public double eval(double... operands) {
            double[] values = new double[args.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = args.get(i).eval(operands);
            }
            return fn.apply(values);
        }

        @Override
        public int arity() {
            int n = 0;
            for (Scalar a : args) {
                n = Math.max(n, a.arity());
            }
            return n;
        }

        @Override
        public Scalar derivative(int arg) {
            List<Scalar> d = new ArrayList<>(args.size());
            boolean allZero = true;
            for (Scalar a : args) {
                Scalar da = a.derivative(arg);
                allZero &= ScalarAlgebra.isConstant(da, 0);
                d.add(da);
            }
            return allZero ? ScalarAlgebra.constant(0) : fn.chain(args, d);
        }

        @Override
        public Scalar substitute(UnaryOperator<Scalar> leaf) {
            List<Scalar> out = new ArrayList<>(args.size());
            for (Scalar a : args) {
                out.add(a.substitute(leaf));
            }
            return new Apply(fn, out);
        }

        @Override
        public String toString() {
            if (fn.infix != null) {
                return "(" + args.get(0) + " " + fn.infix + " " + args.get(1) + ")";
            }
            return fn.spelling() + args.stream().map(Scalar::toString).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    /**
     * The primitives. Where Java's {@code Math} has the function, the meaning is exactly that
     * method's (so MAX and MIN propagate NaN and order -0.0 below 0.0, SIGN is
     * {@code Math.signum} with sign(0) = 0); ERF is {@link Erf#erf}.
     */
    enum Fn {
        ADD(2, "+"), SUB(2, "-"), MUL(2, "*"), DIV(2, "/"),
        NEG(1), EXP(1), LOG(1), LOG1P(1), EXPM1(1), SQRT(1), ABS(1), SIGN(1), TANH(1), SIN(1), COS(1),
        ERF(1),
        MAX(2), MIN(2), POW(2),
        /** 1 when {@code a > b}, else 0 (so 0 when either is NaN). */
        GT(2),
        /** 1 when {@code a == b}, else 0 (so -0.0 equals 0.0, and NaN equals nothing). */
        EQ(2),
        /** {@code select(c, a, b)}: {@code a} when {@code c != 0}, else {@code b}. */
        SELECT(3);

        private final int arity;
        private final String infix;

        Fn(int arity) {
            this(arity, null);
        }

        Fn(int arity, String infix) {
            this.arity = arity;
            this.infix = infix;
        }

        public int arity() {
            return arity;
        }

        /** The name in printed formulas: {@code log1p}, {@code select}. */
        public String spelling() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** {@code fn(args...)} as a tree node. */
        public Scalar of(Scalar... args) {
            return new Apply(this, List.of(args));
        }

        public double apply(double... a) {
            return switch (this) {
                case ADD -> a[0] + a[1];
                case SUB -> a[0] - a[1];
                case MUL -> a[0] * a[1];
                case DIV -> a[0] / a[1];
                case NEG -> -a[0];
                case EXP -> Math.exp(a[0]);
                case LOG -> Math.log(a[0]);
                case LOG1P -> Math.log1p(a[0]);
                case EXPM1 -> Math.expm1(a[0]);
                case SQRT -> Math.sqrt(a[0]);
                case ABS -> Math.abs(a[0]);
                case SIGN -> Math.signum(a[0]);
                case TANH -> Math.tanh(a[0]);
                case SIN -> Math.sin(a[0]);
                case COS -> Math.cos(a[0]);
                case ERF -> Erf.erf(a[0]);
                case MAX -> Math.max(a[0], a[1]);
                case MIN -> Math.min(a[0], a[1]);
                case POW -> Math.pow(a[0], a[1]);
                case GT -> a[0] > a[1] ? 1.0 : 0.0;
                case EQ -> a[0] == a[1] ? 1.0 : 0.0;
                case SELECT -> a[0] != 0 ? a[1] : a[2];
            };
        }

        /**
         * The chain rule at this primitive: the derivative of {@code fn(a)} given the
         * derivative {@code da.get(i)} of each argument {@code a.get(i)}, both as formulas.
         *
         * <p>Kinks and ties, where the textbook derivative does not exist: abs'(0) = sign(0) = 0;
         * sign, GT and EQ are piecewise constant, derivative 0; select(c, a, b) routes to the
         * branch it takes; max(a, b) and min(a, b) route to the winner, and at a tie each
         * operand gets half (as PyTorch does), so the two halves add up to the whole; NaN
         * operands of max and min get 0. pow(a, b) with respect to b is taken as 0 at a = 0,
         * the limit of a^b log a for b &gt; 0 (PyTorch's convention), and is NaN for a &lt; 0.
         */
        Scalar chain(List<Scalar> a, List<Scalar> da) {
            Scalar x = a.get(0);
            Scalar dx = da.get(0);
            Scalar y = a.size() > 1 ? a.get(1) : null;
            Scalar dy = a.size() > 1 ? da.get(1) : null;
            Scalar one = ScalarAlgebra.constant(1);
            return switch (this) {
                case ADD -> add(dx, dy);
                case SUB -> sub(dx, dy);
                case MUL -> add(mul(dx, y), mul(x, dy));
                case DIV -> sub(div(dx, y), mul(div(x, mul(y, y)), dy));
                case NEG -> neg(dx);
                case EXP, EXPM1 -> mul(make(EXP, x), dx);
                case LOG -> div(dx, x);
                case LOG1P -> div(dx, add(one, x));
                case SQRT -> div(mul(ScalarAlgebra.constant(0.5), dx), make(SQRT, x));
                case ABS -> mul(make(SIGN, x), dx);
                case SIGN, GT, EQ -> ScalarAlgebra.constant(0);
                case TANH -> mul(sub(one, mul(make(TANH, x), make(TANH, x))), dx);
                case SIN -> mul(make(COS, x), dx);
                case COS -> mul(neg(make(SIN, x)), dx);
                // erf'(x) = 2/√π exp(-x²)
                case ERF -> mul(mul(ScalarAlgebra.constant(2 / Math.sqrt(Math.PI)), make(EXP, neg(mul(x, x)))), dx);
                case MAX -> add(mul(share(x, y), dx), mul(share(y, x), dy));
                case MIN -> add(mul(share(y, x), dx), mul(share(x, y), dy));
                case POW -> add(mul(mul(y, make(POW, x, sub(y, one))), dx),
                        mul(make(SELECT, make(EQ, x, ScalarAlgebra.constant(0)), ScalarAlgebra.constant(0),
                                mul(make(POW, x, y), make(LOG, x))), dy));
                case SELECT -> make(SELECT, x, da.get(1), da.get(2));
            };
        }

        /** The part of max(a, b)'s gradient that goes to a: all of it when a wins, half at a tie. */
        private static Scalar share(Scalar a, Scalar b) {
            return add(make(GT, a, b), mul(ScalarAlgebra.constant(0.5), make(EQ, a, b)));
        }
    }
}
