package dev.nnc.ir.ops;

import dev.nnc.ir.Tensor;
import dev.nnc.runtime.Erf;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The formula of an elementwise op: a tiny expression tree over the op's operands at one
 * element. The interpreter evaluates it, and both code generators emit it, so no two places
 * can disagree about what {@code softplus} means.
 *
 * <p>{@link Fn} lists the primitives the tree is made of. Each is one JVM-level operation or
 * one runtime call whose meaning is fixed here, down to NaN and signed zero.
 */
public sealed interface Scalar {

    /** The value at one element, given one value per operand. */
    double eval(double... args);

    /** How many operands the formula reads: one more than its highest {@link Arg} index. */
    int arity();

    static Scalar arg(int index) {
        return new Arg(index);
    }

    static Scalar constant(double value) {
        return new Const(value);
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
        public String toString() {
            return Tensor.format(value);
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
                case SELECT -> a[0] != 0 ? a[1] : a[2];
            };
        }
    }
}
