package dev.nnc.codegen.java;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Buffer;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import java.util.List;

/** Short names for writing Program IR by hand in tests. */
final class Ir {
    private Ir() {}

    static Expr.Const f32(double v) {
        return new Expr.Const(Kind.F32, v);
    }

    static Expr.Const f64(double v) {
        return new Expr.Const(Kind.F64, v);
    }

    static Expr.Const i32(int v) {
        return Expr.Const.i32(v);
    }

    static Expr.Const constant(Kind kind, double v) {
        return new Expr.Const(kind, v);
    }

    static Expr.Local local(String name, Kind kind) {
        return new Expr.Local(name, kind);
    }

    /** An I32 local: a loop variable. */
    static Expr.Local var(String name) {
        return new Expr.Local(name, Kind.I32);
    }

    static Expr.Field symbol(String name) {
        return new Expr.Field(name, Kind.I32, false);
    }

    static Expr.Field learningRate() {
        return new Expr.Field(Program.LEARNING_RATE, Kind.F64, true);
    }

    static Expr.Field updates() {
        return new Expr.Field(Program.UPDATES, Kind.I64, true);
    }

    static Expr.Load load(String buffer, Kind kind, Expr index) {
        return new Expr.Load(buffer, kind, index);
    }

    static Expr.Apply apply(Fn fn, Kind kind, Expr... args) {
        return new Expr.Apply(fn, kind, List.of(args));
    }

    static Expr.Convert convert(Expr value, Kind kind) {
        return new Expr.Convert(value, kind);
    }

    static Stmt.Declare declare(String local, Kind kind, Expr init) {
        return new Stmt.Declare(local, kind, init);
    }

    static Stmt.Assign assign(String local, Expr value) {
        return new Stmt.Assign(local, value);
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

    static Stmt.Comment comment(String text) {
        return new Stmt.Comment(text);
    }

    static Method method(String name, String comment, Stmt... body) {
        return new Method(name, comment, List.of(body));
    }

    static Buffer buffer(String name, Kind kind, Expr size, int slot, String comment) {
        return new Buffer(name, kind, size, slot, comment);
    }

    /** Empty entry methods for those the program does not define, after its own methods. */
    static List<Method> withEntries(List<Method> methods) {
        List<Method> all = new java.util.ArrayList<>(methods);
        for (String entry : Program.ENTRY_METHODS) {
            if (methods.stream().noneMatch(m -> m.name().equals(entry))) {
                all.add(new Method(entry, null, List.of()));
            }
        }
        return all;
    }
}
