package dev.nnc.syntax;

import java.util.List;

/** Expressions of the .nn language. Every node carries the span of its whole text. */
public sealed interface Expr {

    Span span();

    /** A number as written: {@code 3}, {@code 0.05}, {@code 1e-8}. */
    record Number(double value, boolean integer, Span span) implements Expr {}

    /** {@code true} or {@code false}. */
    record Bool(boolean value, Span span) implements Expr {}

    /** A bracketed list: {@code [0.05, 0.10]}, {@code [[1, 2], [3, 4]]}, {@code [B, 784]}. */
    record ListLit(List<Expr> elements, Span span) implements Expr {}

    /** A reference to a named value, parameter, function or initialiser. */
    record Name(String name, Span span) implements Expr {}

    /** Unary minus. */
    record Negate(Expr operand, Span span) implements Expr {}

    /** {@code left op right}; {@code opSpan} is the operator token. */
    record Binary(BinaryOp op, Expr left, Expr right, Span opSpan, Span span) implements Expr {}

    /** {@code callee(args)}; arguments are positional or {@code key = value}. */
    record Call(Ident callee, List<Arg> args, Span span) implements Expr {}

    /** One argument of a call; {@code keyword} is null for a positional argument. */
    record Arg(Ident keyword, Expr value, Span span) {
        public boolean isKeyword() {
            return keyword != null;
        }
    }

    enum BinaryOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), POW("^"), MATMUL("@");

        private final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
