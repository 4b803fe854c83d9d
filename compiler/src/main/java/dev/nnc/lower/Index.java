package dev.nnc.lower;

import dev.nnc.program.Expr;
import java.util.List;

/** The index of an element of a node in generated code: a flat position, or one index per axis. */
record Index(Expr flat, List<Expr> axes) {
    static Index flat(Expr e) {
        return new Index(e, null);
    }

    static Index axes(List<Expr> axes) {
        return new Index(null, List.copyOf(axes));
    }
}
