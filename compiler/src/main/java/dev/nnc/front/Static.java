package dev.nnc.front;

import dev.nnc.syntax.Expr;
import dev.nnc.syntax.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Values known while compiling: numbers, booleans and nested lists, as written in literals,
 * initialiser arguments, axis arguments and train settings. Arithmetic on numbers is folded,
 * so {@code lr = 0.1 / 128} works.
 */
sealed interface Static {

    Span span();

    record Num(double value, boolean integer, Span span) implements Static {}

    record Bool(boolean value, Span span) implements Static {}

    record ListV(List<Static> elements, Span span) implements Static {}

    /** Thrown when an expression is not a compile-time value; carries the offending span. */
    final class NotStatic extends Exception {
        final Span span;

        NotStatic(Span span, String message) {
            super(message, null, false, false);
            this.span = span;
        }
    }

    /** Evaluates a literal expression. Names and calls are not static. */
    static Static eval(Expr e, String what) throws NotStatic {
        if (e instanceof Expr.Number n) {
            return new Num(n.value(), n.integer(), n.span());
        }
        if (e instanceof Expr.Bool b) {
            return new Bool(b.value(), b.span());
        }
        if (e instanceof Expr.ListLit l) {
            List<Static> out = new ArrayList<>();
            for (Expr el : l.elements()) {
                out.add(eval(el, what));
            }
            return new ListV(out, l.span());
        }
        if (e instanceof Expr.Negate neg) {
            Static v = eval(neg.operand(), what);
            if (v instanceof Num n) {
                return new Num(-n.value(), n.integer(), neg.span());
            }
            throw new NotStatic(neg.span(), "cannot negate " + describe(v));
        }
        if (e instanceof Expr.Binary b && b.op() != Expr.BinaryOp.MATMUL) {
            Static l = eval(b.left(), what);
            Static r = eval(b.right(), what);
            if (l instanceof Num x && r instanceof Num y) {
                return arithmetic(b, x, y);
            }
            throw new NotStatic(b.span(), "arithmetic in " + what + " works on single numbers only");
        }
        throw new NotStatic(e.span(), what + " must be a value known at compile time (a number or a list of numbers)");
    }

    private static Num arithmetic(Expr.Binary b, Num x, Num y) throws NotStatic {
        boolean ints = x.integer() && y.integer();
        double v;
        switch (b.op()) {
            case ADD -> v = x.value() + y.value();
            case SUB -> v = x.value() - y.value();
            case MUL -> v = x.value() * y.value();
            case DIV -> {
                if (y.value() == 0) {
                    throw new NotStatic(b.span(), "division by zero");
                }
                v = x.value() / y.value();
                ints = ints && v == Math.rint(v);
            }
            case POW -> {
                v = Math.pow(x.value(), y.value());
                ints = ints && y.value() >= 0;
            }
            default -> throw new IllegalStateException(b.op().toString());
        }
        return new Num(v, ints, b.span());
    }

    static String describe(Static s) {
        if (s instanceof Num) {
            return "a number";
        }
        if (s instanceof Bool) {
            return "a boolean";
        }
        return "a list";
    }
}
