package dev.nnc.syntax;

import java.util.stream.Collectors;

/** Prints an expression fully parenthesised, so tests can see how it was grouped. */
final class ExprPrinter {

    private ExprPrinter() {}

    static String print(Expr e) {
        if (e instanceof Expr.Binary b) {
            return "(" + print(b.left()) + " " + b.op().symbol() + " " + print(b.right()) + ")";
        } else if (e instanceof Expr.Negate n) {
            return "(-" + print(n.operand()) + ")";
        } else if (e instanceof Expr.Call c) {
            return c.callee().name() + c.args().stream().map(ExprPrinter::print)
                    .collect(Collectors.joining(", ", "(", ")"));
        } else if (e instanceof Expr.ListLit l) {
            return l.elements().stream().map(ExprPrinter::print)
                    .collect(Collectors.joining(", ", "[", "]"));
        } else if (e instanceof Expr.Name n) {
            return n.name();
        } else if (e instanceof Expr.Bool b) {
            return String.valueOf(b.value());
        } else if (e instanceof Expr.Number n) {
            return n.integer() ? String.valueOf((long) n.value()) : String.valueOf(n.value());
        }
        throw new IllegalArgumentException("unknown expression " + e);
    }

    private static String print(Expr.Arg arg) {
        return (arg.isKeyword() ? arg.keyword().name() + " = " : "") + print(arg.value());
    }
}
