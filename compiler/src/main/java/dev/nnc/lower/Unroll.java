package dev.nnc.lower;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Accesses;
import dev.nnc.program.Buffer;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an entry method whose loops all have fixed trip counts into straight-line code: its
 * kernels are inlined, every loop is unrolled, and every scratch buffer becomes locals, so a
 * small network (Mazur's 2-2-2) runs as plain arithmetic on locals, touching arrays only for
 * the params, inputs and results the runtime sees. The code is in SSA form: each assignment
 * makes a new local, which is what a JIT wants anyway.
 *
 * <p>A sum unrolled from a loop starts from its accumulator's 0.0: {@code 0.0 + a * b + c * d}.
 * The zero is dropped ({@code a * b + c * d}): Java may not drop it itself, since
 * {@code 0.0 + x} is +0.0 when x is -0.0, but it lengthens every dot product's chain of
 * dependent additions by one, and Mazur's step took 2% longer with it. The one difference
 * is that a sum whose terms are all -0.0 is -0.0 rather than +0.0, as when numpy sums.
 *
 * <p>A method is left as it was when a loop bound is a symbol, when it calls GEMM, or when the
 * straight-line form would pass {@link #MAX_STATEMENTS}; the bytecode backend's 8,000-byte
 * check is the final word, and the compiler lowers again without unrolling if it fails.
 */
public final class Unroll {

    /** Straight-line statements per method; about 8 bytes of bytecode each keeps under 8,000. */
    static final int MAX_STATEMENTS = 700;

    private final Program program;
    private final Set<String> scratch = new HashSet<>();
    private final Map<String, Method> methods = new HashMap<>();

    private Unroll(Program program) {
        this.program = program;
        for (Buffer b : program.buffers()) {
            if (b.slot() < 0) {
                scratch.add(b.name());
            }
        }
        for (Method m : program.methods()) {
            methods.put(m.name(), m);
        }
    }

    /** The program with every entry method that can be unrolled unrolled, and unused kernels dropped. */
    public static Program run(Program program) {
        return new Unroll(program).run();
    }

    private Program run() {
        List<Method> entries = new ArrayList<>();
        for (String name : Program.ENTRY_METHODS) {
            Method m = methods.get(name);
            if (m == null) {
                continue; // an optional entry the program leaves out
            }
            List<Stmt> straight = null;
            try {
                Flattener f = new Flattener();
                f.block(m.body());
                straight = f.finish();
            } catch (Abort ignored) {
                // Keep the loops.
            }
            entries.add(straight == null ? m : new Method(m.name(), m.comment() + "\n(unrolled)", straight));
        }
        Set<String> reachable = new LinkedHashSet<>();
        for (Method m : entries) {
            collectCalls(m.body(), reachable);
        }
        List<Method> out = new ArrayList<>(entries);
        for (Method m : program.methods()) {
            if (!Program.ENTRY_METHODS.contains(m.name()) && reachable.contains(m.name())) {
                out.add(m);
            }
        }
        // Scratch buffers no remaining method mentions are dropped too.
        Set<String> used = new HashSet<>();
        for (Method m : out) {
            used.addAll(Accesses.buffers(m.body()));
        }
        List<Buffer> buffers = new ArrayList<>();
        for (Buffer b : program.buffers()) {
            if (b.slot() >= 0 || used.contains(b.name())) {
                buffers.add(b);
            }
        }
        return new Program(program.className(), program.dtype(), program.specChunks(), program.symbols(), buffers,
                out);
    }

    private void collectCalls(List<Stmt> body, Set<String> out) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Invoke i && out.add(i.method())) {
                collectCalls(methods.get(i.method()).body(), out);
            } else if (s instanceof Stmt.Parallel p && out.add(p.method())) {
                collectCalls(methods.get(p.method()).body(), out);
            } else if (s instanceof Stmt.For f) {
                collectCalls(f.body(), out);
            }
        }
    }

    private static final class Abort extends RuntimeException {
        Abort() {
            super(null, null, false, false);
        }
    }

    /** Executes the statements symbolically, emitting straight-line SSA code. */
    private final class Flattener {
        private final List<Stmt> out = new ArrayList<>();
        /** What each source local currently holds: a constant or an SSA local. */
        private Map<String, Expr> env = new HashMap<>();
        /** Array elements known by value: buffer name to index to value. */
        private final Map<String, Map<Integer, Expr>> elements = new HashMap<>();
        private int fresh;
        private final Names names = new Names();

        Flattener() {
            for (Buffer b : program.buffers()) {
                names.fresh(b.name());
            }
            for (String sym : program.symbols()) {
                names.fresh(sym);
            }
        }

        void block(List<Stmt> body) {
            Map<String, Expr> saved = new HashMap<>(env);
            for (Stmt s : body) {
                stmt(s);
            }
            // Locals declared in the block go out of scope; assignments to outer ones persist.
            Map<String, Expr> merged = new HashMap<>(saved);
            for (String name : saved.keySet()) {
                merged.put(name, env.get(name));
            }
            env = merged;
        }

        void stmt(Stmt s) {
            if (s instanceof Stmt.Declare d) {
                bind(d.local(), expr(d.init()));
            } else if (s instanceof Stmt.Assign a) {
                bind(a.local(), expr(a.value()));
            } else if (s instanceof Stmt.Store st) {
                {
                    int index = constantIndex(expr(st.index()));
                    Expr value = materialize(expr(st.value()));
                    elements.computeIfAbsent(st.buffer(), k -> new HashMap<>()).put(index, value);
                    if (!scratch.contains(st.buffer())) {
                        emit(new Stmt.Store(st.buffer(), Exprs.i32(index), value));
                    }
                }
            } else if (s instanceof Stmt.For f) {
                {
                    int from = constantIndex(expr(f.from()));
                    int to = constantIndex(expr(f.to()));
                    for (int i = from; i < to; i++) {
                        Map<String, Expr> saved = new HashMap<>(env);
                        env.put(f.var(), Exprs.i32(i));
                        block(f.body());
                        Map<String, Expr> after = env;
                        env = saved;
                        for (String name : saved.keySet()) {
                            if (!name.equals(f.var())) {
                                env.put(name, after.get(name));
                            }
                        }
                    }
                }
            } else if (s instanceof Stmt.Invoke i) {
                // The inlined kernel keeps its comment: the node and source line it computes.
                Method kernel = methods.get(i.method());
                out.add(new Stmt.Comment(kernel.comment()));
                block(kernel.body());
            } else if (s instanceof Stmt.Gemm || s instanceof Stmt.GemmSubtract || s instanceof Stmt.SumRows
                    || s instanceof Stmt.BiasAdd || s instanceof Stmt.ReluGrad || s instanceof Stmt.Parallel) {
                throw new Abort();
            }
        }

        private void bind(String local, Expr value) {
            env.put(local, materialize(value));
        }

        /** A value as a constant or an SSA local, so that nothing is computed twice. */
        private Expr materialize(Expr value) {
            if (value instanceof Expr.Const || value instanceof Expr.Local) {
                return value;
            }
            String name = names.fresh("s" + fresh++);
            emit(new Stmt.Declare(name, value.kind(), value));
            return new Expr.Local(name, value.kind());
        }

        private void emit(Stmt s) {
            out.add(s);
            if (out.size() > MAX_STATEMENTS) {
                throw new Abort();
            }
        }

        private int constantIndex(Expr e) {
            if (e instanceof Expr.Const c && c.kind() == Kind.I32) {
                return (int) c.value();
            }
            throw new Abort();
        }

        private Expr expr(Expr e) {
            if (e instanceof Expr.Local l) {
                Expr v = env.get(l.name());
                if (v == null) {
                    throw new IllegalStateException("local " + l.name() + " read before it is declared");
                }
                return v;
            }
            if (e instanceof Expr.Load l) {
                int index = constantIndex(expr(l.index()));
                Expr known = elements.getOrDefault(l.buffer(), Map.of()).get(index);
                if (known != null) {
                    return known;
                }
                if (scratch.contains(l.buffer())) {
                    // Read before written in this method: the value comes from another method.
                    throw new Abort();
                }
                // Read each element once: later reads use the local, until a store replaces it.
                Expr loaded = materialize(new Expr.Load(l.buffer(), l.kind(), Exprs.i32(index)));
                elements.computeIfAbsent(l.buffer(), k -> new HashMap<>()).put(index, loaded);
                return loaded;
            }
            if (e instanceof Expr.Apply a) {
                List<Expr> args = new ArrayList<>();
                for (Expr x : a.args()) {
                    args.add(expr(x));
                }
                if (a.kind() == Kind.I32 && args.get(0) instanceof Expr.Const x && args.get(1) instanceof Expr.Const y) {
                    int r = a.fn() == Fn.ADD ? (int) x.value() + (int) y.value()
                            : a.fn() == Fn.SUB ? (int) x.value() - (int) y.value()
                            : (int) x.value() * (int) y.value();
                    return Exprs.i32(r);
                }
                if (a.fn() == Fn.ADD && a.kind().isFloat() && Exprs.isFloat(args.get(0), 0)) {
                    return args.get(1);
                }
                return Exprs.fold(a.fn(), a.kind(), args);
            }
            if (e instanceof Expr.Convert c) {
                return Exprs.convert(expr(c.value()), c.kind());
            }
            if (e instanceof Expr.CheckLabel c) {
                return new Expr.CheckLabel(expr(c.value()), expr(c.classes()), expr(c.example()), c.input());
            }
            return e;
        }

        /** The statements, without declarations nothing reads. */
        List<Stmt> finish() {
            Set<String> needed = new HashSet<>();
            List<Stmt> kept = new ArrayList<>();
            for (int i = out.size() - 1; i >= 0; i--) {
                Stmt s = out.get(i);
                if (s instanceof Stmt.Declare d && !needed.contains(d.local()) && !hasEffect(d.init())) {
                    continue;
                }
                kept.add(0, s);
                locals(s, needed);
            }
            return kept;
        }

        private boolean hasEffect(Expr e) {
            if (e instanceof Expr.CheckLabel) {
                return true;
            }
            if (e instanceof Expr.Apply a) {
                return a.args().stream().anyMatch(this::hasEffect);
            }
            if (e instanceof Expr.Convert c) {
                return hasEffect(c.value());
            }
            return e instanceof Expr.Load l && hasEffect(l.index());
        }

        private void locals(Stmt s, Set<String> out) {
            if (s instanceof Stmt.Declare d) {
                Accesses.locals(d.init(), out);
            } else if (s instanceof Stmt.Store st) {
                Accesses.locals(st.index(), out);
                Accesses.locals(st.value(), out);
            }
        }
    }
}
