package dev.nnc.program;

import dev.nnc.ir.ops.Scalar.Fn;
import java.util.List;

/** Short names for writing Program IR by hand in tests. */
public final class Ir {
    private Ir() {}

    public static Expr.Const f32(double v) {
        return new Expr.Const(Kind.F32, v);
    }

    public static Expr.Const f64(double v) {
        return new Expr.Const(Kind.F64, v);
    }

    public static Expr.Const i32(int v) {
        return Expr.Const.i32(v);
    }

    public static Expr.Const constant(Kind kind, double v) {
        return new Expr.Const(kind, v);
    }

    public static Expr.Local local(String name, Kind kind) {
        return new Expr.Local(name, kind);
    }

    /** An I32 local: a loop variable. */
    public static Expr.Local var(String name) {
        return new Expr.Local(name, Kind.I32);
    }

    public static Expr.Field symbol(String name) {
        return new Expr.Field(name, Kind.I32, false);
    }

    public static Expr.Field learningRate() {
        return new Expr.Field(Program.LEARNING_RATE, Kind.F64, true);
    }

    public static Expr.Field updates() {
        return new Expr.Field(Program.UPDATES, Kind.I64, true);
    }

    public static Expr.Load load(String buffer, Kind kind, Expr index) {
        return new Expr.Load(buffer, kind, index);
    }

    public static Expr.Apply apply(Fn fn, Kind kind, Expr... args) {
        return new Expr.Apply(fn, kind, List.of(args));
    }

    public static Expr.Apply add(Expr a, Expr b) {
        return apply(Fn.ADD, a.kind(), a, b);
    }

    public static Expr.Apply sub(Expr a, Expr b) {
        return apply(Fn.SUB, a.kind(), a, b);
    }

    public static Expr.Apply mul(Expr a, Expr b) {
        return apply(Fn.MUL, a.kind(), a, b);
    }

    public static Expr.Convert convert(Expr value, Kind kind) {
        return new Expr.Convert(value, kind);
    }

    public static Stmt.Declare declare(String local, Kind kind, Expr init) {
        return new Stmt.Declare(local, kind, init);
    }

    public static Stmt.Assign assign(String local, Expr value) {
        return new Stmt.Assign(local, value);
    }

    public static Stmt.Store store(String buffer, Expr index, Expr value) {
        return new Stmt.Store(buffer, index, value);
    }

    public static Stmt.For loop(String var, Expr from, Expr to, Stmt... body) {
        return new Stmt.For(var, from, to, List.of(body));
    }

    public static Stmt.Invoke invoke(String method) {
        return new Stmt.Invoke(method);
    }

    public static Stmt.Comment comment(String text) {
        return new Stmt.Comment(text);
    }

    public static Method method(String name, String comment, Stmt... body) {
        return new Method(name, comment, List.of(body));
    }

    public static Buffer buffer(String name, Kind kind, Expr size, int slot, String comment) {
        return new Buffer(name, kind, size, slot, comment);
    }

    /** Empty entry methods for those the program does not define, after its own methods. */
    public static List<Method> withEntries(List<Method> methods) {
        List<Method> all = new java.util.ArrayList<>(methods);
        for (String entry : Program.ENTRY_METHODS) {
            if (methods.stream().noneMatch(m -> m.name().equals(entry))) {
                all.add(new Method(entry, null, List.of()));
            }
        }
        return all;
    }
}
