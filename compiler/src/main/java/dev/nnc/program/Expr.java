package dev.nnc.program;

import dev.nnc.ir.ops.Scalar;
import java.util.List;

/**
 * A typed expression of generated code. Every node knows its {@link Kind}; the lowering inserts
 * every conversion explicitly ({@link Convert}), so a backend never infers a type.
 */
public sealed interface Expr {

    Kind kind();

    /** A literal of the given kind; an I32 or I64 constant holds a whole number. */
    record Const(Kind kind, double value) implements Expr {
        public static Const i32(int v) {
            return new Const(Kind.I32, v);
        }
    }

    /** A local variable of the enclosing method (loop variables are I32 locals). */
    record Local(String name, Kind kind) implements Expr {}

    /**
     * A field: a symbol's size (an I32 field of the generated class), or one the runtime's base
     * class declares for generated code ({@link Program#LEARNING_RATE}, {@link Program#UPDATES}).
     */
    record Field(String name, Kind kind, boolean inherited) implements Expr {}

    /** {@code buffer[index]}; {@code kind} is the buffer's element kind. */
    record Load(String buffer, Kind kind, Expr index) implements Expr {}

    /**
     * A {@link Scalar.Fn} primitive applied to operands of one float kind (or I32 for ADD, SUB,
     * MUL on indices), with exactly the meaning {@link Scalar.Fn#apply} gives it. In F32,
     * operations the JVM has in float (+ - * /, negation, abs, signum, max, min, comparisons)
     * run in float; the rest go through double and round back: {@code (float) Math.exp(x)}.
     * GT and EQ give 1 or 0 of the operands' kind; SELECT's first operand is the condition
     * (true when non-zero).
     */
    record Apply(Scalar.Fn fn, Kind kind, List<Expr> args) implements Expr {
        public Apply {
            args = List.copyOf(args);
        }

        public Expr arg(int i) {
            return args.get(i);
        }
    }

    /**
     * Whether a SELECT may compute both of its values before choosing one: true when
     * {@code e} cannot throw (no {@link CheckLabel}) and is cheap (loads, conversions and the
     * arithmetic primitives, no function that goes through double such as exp). The backends
     * then choose between the two values' bits, which C2 compiles to a conditional move; a
     * choice between float values is otherwise a branch, which a condition of random sign
     * (leaky_relu' over activations) mispredicts half the time.
     */
    static boolean cheapToComputeAlways(Expr e) {
        if (e instanceof Const || e instanceof Local || e instanceof Field) {
            return true;
        } else if (e instanceof Load l) {
            return cheapToComputeAlways(l.index());
        } else if (e instanceof Convert c) {
            return cheapToComputeAlways(c.value());
        } else if (e instanceof Apply a) {
            switch (a.fn()) {
                case ADD, SUB, MUL, DIV, NEG, ABS, SIGN, MAX, MIN, GT, EQ, SELECT -> { }
                default -> {
                    return false;
                }
            }
            for (Expr x : a.args()) {
                if (!cheapToComputeAlways(x)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** A primitive conversion, as the JVM's i2f, f2d, d2f, l2d and so on. */
    record Convert(Expr value, Kind kind) implements Expr {}

    /**
     * A class label used as an index: {@code value} when {@code 0 <= value < classes}, else
     * the runtime throws an IllegalArgumentException naming the input and the example. So a
     * bad label is an error, never an ArrayIndexOutOfBoundsException or a silent wrong read.
     */
    record CheckLabel(Expr value, Expr classes, Expr example, String input) implements Expr {
        @Override
        public Kind kind() {
            return Kind.I32;
        }
    }
}
