package dev.nnc.codegen.bytecode;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Stmt;
import java.util.List;

/** Short names for building Program IR by hand in tests. */
final class Ir {

    private Ir() {}

    static Expr.Const i32(int v) {
        return Expr.Const.i32(v);
    }

    static Expr.Const num(Kind kind, double v) {
        return new Expr.Const(kind, v);
    }

    static Expr.Local local(String name, Kind kind) {
        return new Expr.Local(name, kind);
    }

    static Expr.Local index(String name) {
        return new Expr.Local(name, Kind.I32);
    }

    static Expr.Field symbol(String name) {
        return new Expr.Field(name, Kind.I32, false);
    }

    static Expr.Load load(String buffer, Kind kind, Expr index) {
        return new Expr.Load(buffer, kind, index);
    }

    static Expr.Apply apply(Fn fn, Kind kind, Expr... args) {
        return new Expr.Apply(fn, kind, List.of(args));
    }

    static Expr.Apply add(Expr a, Expr b) {
        return apply(Fn.ADD, a.kind(), a, b);
    }

    static Expr.Apply sub(Expr a, Expr b) {
        return apply(Fn.SUB, a.kind(), a, b);
    }

    static Expr.Apply mul(Expr a, Expr b) {
        return apply(Fn.MUL, a.kind(), a, b);
    }

    static Expr.Convert convert(Expr value, Kind kind) {
        return new Expr.Convert(value, kind);
    }

    static Stmt.Declare declare(String name, Kind kind, Expr init) {
        return new Stmt.Declare(name, kind, init);
    }

    static Stmt.Assign assign(String name, Expr value) {
        return new Stmt.Assign(name, value);
    }

    static Stmt.Store store(String buffer, Expr index, Expr value) {
        return new Stmt.Store(buffer, index, value);
    }

    static Stmt.For loop(String var, Expr from, Expr to, Stmt... body) {
        return new Stmt.For(var, from, to, List.of(body));
    }

    static Stmt.Invoke invoke(String method) {
        return new Stmt.Invoke(method);
    }
}
