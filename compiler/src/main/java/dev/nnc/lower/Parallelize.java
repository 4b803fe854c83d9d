package dev.nnc.lower;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Accesses;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lets long loops whose iterations are independent run on several threads: a kernel that is
 * such a loop becomes a range method (the loop over {@code from..to}) and a call of the runtime's
 * {@code parallel}, which splits the index range between the threads that split matrix
 * products ({@code Gemm.setThreads}). Since every iteration writes only its own elements, the
 * result is the same bits on any number of threads; on one thread the range method runs the
 * whole range on the caller.
 *
 * <p>A kernel qualifies when its body is locals computed once (declarations, assignments), then
 * one loop from 0 the lowering marked {@link Stmt.For#independent}, and the locals read no
 * buffer the loop writes (each thread computes them again). Element-wise loops, softmax and
 * cross-entropy rows, and optimizer updates are marked so; reductions are not.
 *
 * <p>How finely to split. An iteration's cost is counted in rough units, one per load, store
 * and arithmetic operation, 20 per transcendental function, a nested loop's body times its
 * trip count (16 when the count is a symbol). A block is worth a thread at
 * {@link #MIN_BLOCK_COST} units, about 5 microseconds of scalar code: handing a block to a
 * spinning worker costs about one. A flat loop reading and writing element i only is what C2
 * vectorises, so its cost counts a quarter. A loop whose cost is known at compile time and
 * smaller than two blocks is left alone.
 *
 * <p>Where blocks start. A loop over a matrix's rows splits at multiples of 8 rows, and a flat
 * loop at multiples of 64 bytes, so that the halves of a loop over the rows or elements of a
 * matrix a GEMM just split by rows between the same threads are the halves each thread wrote
 * (see {@code GemmTeam}).
 */
public final class Parallelize {

    /** The least work, in the units above, worth handing to another thread. */
    static final int MIN_BLOCK_COST = 16_384;
    /** A row loop's blocks start at multiples of this many rows: the GEMM's row tile. */
    static final int ROW_ALIGN = 8;
    private static final int CACHE_LINE_BYTES = 64;
    private static final int TRANSCENDENTAL = 20;
    private static final int UNKNOWN_TRIPS = 16;
    private static final int VECTORISED = 4;

    private final Program program;
    private final Set<String> methodNames = new HashSet<>();

    private Parallelize(Program program) {
        this.program = program;
        for (Method m : program.methods()) {
            methodNames.add(m.name());
        }
    }

    /** The program with every qualifying kernel split into a call of parallel and a range method. */
    public static Program run(Program program) {
        return new Parallelize(program).run();
    }

    private Program run() {
        List<Method> out = new ArrayList<>();
        List<Method> ranges = new ArrayList<>();
        for (Method m : program.methods()) {
            Split split = Program.ENTRY_METHODS.contains(m.name()) || !m.params().isEmpty() ? null : split(m);
            if (split == null) {
                out.add(m);
            } else {
                out.add(split.kernel());
                ranges.add(split.range());
            }
        }
        if (ranges.isEmpty()) {
            return program;
        }
        out.addAll(ranges);
        return new Program(program.className(), program.dtype(), program.specChunks(), program.symbols(),
                program.buffers(), out);
    }

    /** A kernel rewritten as a call of parallel, and the range method it calls. */
    private record Split(Method kernel, Method range) {}

    /** m split into a call of parallel and a range method, or null when m does not qualify or is too short. */
    private Split split(Method m) {
        Stmt.For loop = loopOf(m);
        if (loop == null) {
            return null;
        }
        Set<String> written = new HashSet<>();
        Accesses.of(loop.body(), new HashSet<>(), written);
        List<Stmt> prefix = new ArrayList<>();
        Set<String> prefixLocals = new HashSet<>();
        for (Stmt s : m.body()) {
            if (s == loop) {
                break;
            }
            Expr value = s instanceof Stmt.Declare d ? d.init() : s instanceof Stmt.Assign a ? a.value() : null;
            if (value != null) {
                Set<String> read = new HashSet<>();
                Accesses.reads(value, read);
                read.retainAll(written);
                if (!read.isEmpty()) {
                    return null;
                }
            }
            if (s instanceof Stmt.Declare d) {
                prefixLocals.add(d.local());
            }
            prefix.add(s);
        }
        Set<String> boundLocals = new HashSet<>();
        Accesses.locals(loop.to(), boundLocals);
        boundLocals.retainAll(prefixLocals);
        if (!boundLocals.isEmpty()) {
            return null; // The count is computed in the kernel: parallel needs it before the call.
        }
        int grain = grain(loop);
        if (loop.to() instanceof Expr.Const c && c.value() < 2.0 * grain) {
            return null;
        }
        Set<String> taken = new HashSet<>(program.symbols());
        program.buffers().forEach(b -> taken.add(b.name()));
        names(m.body(), taken);
        String from = fresh("from", taken);
        String to = fresh("to", taken);
        List<Stmt> body = new ArrayList<>(prefix);
        body.add(new Stmt.For(loop.var(), Exprs.local(from, Kind.I32), Exprs.local(to, Kind.I32), loop.body(),
                true));
        String name = freshMethod(m.name() + (isFlat(loop) ? "_part" : "_rows"));
        String comment = (m.comment() == null ? "" : m.comment() + "\n")
                + "the loop over " + from + " <= " + loop.var() + " < " + to + ": one block of the iterations that"
                + " parallel() splits between threads";
        int align = align(loop);
        Stmt.Comment says = new Stmt.Comment(name + " on each thread's block of the "
                + (isFlat(loop) ? "elements" : "rows") + ": at least " + grain + " a block, starting at multiples of "
                + align);
        return new Split(new Method(m.name(), m.comment(), List.of(says, new Stmt.Parallel(name, loop.to(), grain,
                align))), new Method(name, comment, List.of(from, to), body));
    }

    /** The kernel's loop, when its body is locals then one independent loop from 0. */
    private static Stmt.For loopOf(Method m) {
        Stmt.For loop = null;
        for (Stmt s : m.body()) {
            if (s instanceof Stmt.Comment) {
                continue;
            }
            if (loop != null) {
                return null;
            }
            if (s instanceof Stmt.For f) {
                if (!f.independent() || !(f.from() instanceof Expr.Const c) || c.value() != 0) {
                    return null;
                }
                loop = f;
            } else if (!(s instanceof Stmt.Declare) && !(s instanceof Stmt.Assign)) {
                return null;
            }
        }
        return loop;
    }

    private int grain(Stmt.For loop) {
        return grain(cost(loop.body()), scale(loop) == VECTORISED);
    }

    /**
     * The fewest iterations worth a thread, for iterations of the given cost; {@code vectorised}
     * when C2 vectorises them (a quarter of the cost counted).
     */
    static int grain(long perIteration, boolean vectorised) {
        long per = Math.max(1, perIteration);
        long grain = (MIN_BLOCK_COST * (long) (vectorised ? VECTORISED : 1) + per - 1) / per;
        return (int) Math.max(1, Math.min(grain, Integer.MAX_VALUE));
    }

    /** How many times cheaper than counted a loop's iterations are: a flat loop vectorises. */
    private int scale(Stmt.For loop) {
        return isFlat(loop) && indexesOnlyBy(loop.body(), loop.var()) ? VECTORISED : 1;
    }

    private int align(Stmt.For loop) {
        if (!isFlat(loop)) {
            return ROW_ALIGN;
        }
        return CACHE_LINE_BYTES / (program.dtype() == Kind.F64 ? 8 : 4);
    }

    /** A loop with no loop inside it. */
    private static boolean isFlat(Stmt.For loop) {
        for (Stmt s : loop.body()) {
            if (s instanceof Stmt.For) {
                return false;
            }
        }
        return true;
    }

    /** Whether every load and store in body is at index {@code var} itself. */
    private static boolean indexesOnlyBy(List<Stmt> body, String var) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Store st) {
                if (!isVar(st.index(), var) || !indexesOnlyBy(st.value(), var)) {
                    return false;
                }
            } else if (s instanceof Stmt.Declare d) {
                if (!indexesOnlyBy(d.init(), var)) {
                    return false;
                }
            } else if (s instanceof Stmt.Assign a) {
                if (!indexesOnlyBy(a.value(), var)) {
                    return false;
                }
            } else if (!(s instanceof Stmt.Comment)) {
                return false;
            }
        }
        return true;
    }

    private static boolean indexesOnlyBy(Expr e, String var) {
        if (e instanceof Expr.Load l) {
            return isVar(l.index(), var);
        } else if (e instanceof Expr.Apply a) {
            for (Expr x : a.args()) {
                if (!indexesOnlyBy(x, var)) {
                    return false;
                }
            }
            return a.fn() != Fn.SELECT && a.fn() != Fn.GT && a.fn() != Fn.EQ;
        } else if (e instanceof Expr.Convert c) {
            return indexesOnlyBy(c.value(), var);
        }
        return !(e instanceof Expr.CheckLabel);
    }

    private static boolean isVar(Expr e, String var) {
        return e instanceof Expr.Local l && l.name().equals(var);
    }

    // Cost, in the units of the class comment.

    static long cost(List<Stmt> body) {
        long total = 0;
        for (Stmt s : body) {
            if (s instanceof Stmt.Declare d) {
                total += cost(d.init());
            } else if (s instanceof Stmt.Assign a) {
                total += cost(a.value());
            } else if (s instanceof Stmt.Store st) {
                total += 1 + cost(st.value());
            } else if (s instanceof Stmt.For f) {
                long trips = f.to() instanceof Expr.Const c && f.from() instanceof Expr.Const z
                        ? (long) (c.value() - z.value()) : UNKNOWN_TRIPS;
                total += Math.max(0, trips) * cost(f.body());
            } else if (!(s instanceof Stmt.Comment)) {
                total += MIN_BLOCK_COST; // A call or a GEMM: never a small loop.
            }
        }
        return total;
    }

    static long cost(Expr e) {
        if (e instanceof Expr.Load l) {
            return 1;
        } else if (e instanceof Expr.Apply a) {
            long c = switch (a.fn()) {
                case EXP, LOG, LOG1P, EXPM1, TANH, SIN, COS, ERF, POW -> TRANSCENDENTAL;
                default -> 1;
            };
            for (Expr x : a.args()) {
                c += cost(x);
            }
            return c;
        } else if (e instanceof Expr.Convert c) {
            return cost(c.value());
        } else if (e instanceof Expr.CheckLabel c) {
            return 2 + cost(c.value());
        }
        return 0;
    }

    // Names.

    /** Every local, loop variable and buffer a body names, so that parameters avoid them all. */
    private static void names(List<Stmt> body, Set<String> out) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Declare d) {
                out.add(d.local());
                exprNames(d.init(), out);
            } else if (s instanceof Stmt.Assign a) {
                out.add(a.local());
                exprNames(a.value(), out);
            } else if (s instanceof Stmt.Store st) {
                out.add(st.buffer());
                exprNames(st.index(), out);
                exprNames(st.value(), out);
            } else if (s instanceof Stmt.For f) {
                out.add(f.var());
                exprNames(f.to(), out);
                names(f.body(), out);
            }
        }
    }

    private static void exprNames(Expr e, Set<String> out) {
        Accesses.locals(e, out);
        Accesses.reads(e, out);
    }

    private static String fresh(String wanted, Set<String> taken) {
        String name = wanted;
        for (int n = 1; taken.contains(name); n++) {
            name = wanted + "_" + n;
        }
        taken.add(name);
        return name;
    }

    private String freshMethod(String wanted) {
        String name = fresh(wanted, methodNames);
        methodNames.add(name);
        return name;
    }
}
