package dev.nnc.program;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The buffers statements read and write, and the local variables expressions read, for the
 * passes and backends that need to know (which
 * array locals a method declares, which scratch buffers are still used, what a loop or a
 * kernel writes). Loop bodies are looked into; the methods an {@link Stmt.Invoke} or a
 * {@link Stmt.Parallel} calls are not (the caller follows them when it needs to).
 */
public final class Accesses {
    private Accesses() {}

    /** Adds the buffers {@code body} reads to {@code read} and those it writes to {@code written}. */
    public static void of(List<Stmt> body, Set<String> read, Set<String> written) {
        for (Stmt s : body) {
            of(s, read, written);
        }
    }

    /** {@link #of(List, Set, Set)} for one statement. */
    public static void of(Stmt s, Set<String> read, Set<String> written) {
        if (s instanceof Stmt.Declare d) {
            reads(d.init(), read);
        } else if (s instanceof Stmt.Assign a) {
            reads(a.value(), read);
        } else if (s instanceof Stmt.Store st) {
            written.add(st.buffer());
            reads(st.index(), read);
            reads(st.value(), read);
        } else if (s instanceof Stmt.For f) {
            reads(f.from(), read);
            reads(f.to(), read);
            of(f.body(), read, written);
        } else if (s instanceof Stmt.Parallel p) {
            reads(p.count(), read);
        } else if (s instanceof Stmt.Gemm g) {
            read.add(g.a());
            read.add(g.b());
            if (g.beta() != 0) {
                read.add(g.c());
            }
            written.add(g.c());
            for (Expr e : List.of(g.m(), g.n(), g.k(), g.aOffset(), g.lda(), g.bOffset(), g.ldb(), g.cOffset(),
                    g.ldc())) {
                reads(e, read);
            }
        } else if (s instanceof Stmt.GemmSubtract g) {
            of(g.product(), read, written);
            reads(g.scale(), read);
            read.add(g.target());
            written.add(g.target());
        } else if (s instanceof Stmt.SumRows r) {
            read.add(r.a());
            written.add(r.out());
            reads(r.m(), read);
            reads(r.n(), read);
        } else if (s instanceof Stmt.BiasAdd r) {
            read.add(r.z());
            read.add(r.b());
            written.add(r.out());
            reads(r.from(), read);
            reads(r.to(), read);
            reads(r.n(), read);
        } else if (s instanceof Stmt.ReluGrad r) {
            read.add(r.h());
            read.add(r.g());
            written.add(r.out());
            reads(r.from(), read);
            reads(r.to(), read);
        }
    }

    /** Every buffer {@code body} reads or writes. */
    public static Set<String> buffers(List<Stmt> body) {
        Set<String> all = new HashSet<>();
        of(body, all, all);
        return all;
    }

    /** Adds the local variables {@code e} reads to {@code out}. */
    public static void locals(Expr e, Set<String> out) {
        if (e instanceof Expr.Local l) {
            out.add(l.name());
        }
        operands(e).forEach(x -> locals(x, out));
    }

    /** Adds the buffers {@code e} reads to {@code out}. */
    public static void reads(Expr e, Set<String> out) {
        if (e instanceof Expr.Load l) {
            out.add(l.buffer());
        }
        operands(e).forEach(x -> reads(x, out));
    }

    /** The expressions {@code e} is computed from: a load's index, a function's arguments, ... */
    private static List<Expr> operands(Expr e) {
        if (e instanceof Expr.Load l) {
            return List.of(l.index());
        } else if (e instanceof Expr.Apply a) {
            return a.args();
        } else if (e instanceof Expr.Convert c) {
            return List.of(c.value());
        } else if (e instanceof Expr.CheckLabel c) {
            return List.of(c.value(), c.classes(), c.example());
        }
        return List.of();
    }
}
