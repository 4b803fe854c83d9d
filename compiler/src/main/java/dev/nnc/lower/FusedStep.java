package dev.nnc.lower;

import dev.nnc.ir.Optimizer;
import dev.nnc.program.Accesses;
import dev.nnc.program.Expr;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training step as one function: the gradients' kernels, then the update's, with a plain
 * SGD update fused into the matrix product that computes its param's gradient
 * ({@link Stmt.GemmSubtract}). The product's threads then update the block of the param they
 * have just computed the gradient of, while it is in their cache, instead of a separate pass
 * over the param and its gradient after the backward pass.
 *
 * <p>Bit for bit the same as the gradients followed by the update: the product is the same
 * call, and the update subtracts {@code lr * g} from each element as the update loop does. The
 * gradient buffer still holds the gradient afterwards. A param's update is fused only when
 * that is exactly so:
 *
 * <ul>
 *   <li>the optimizer is SGD without momentum or weight decay, and gradients are not clipped
 *       (clipping needs every gradient before any update);
 *   <li>the gradient is written by one kernel of the gradients, which is a single GEMM writing
 *       it whole (beta 0, offset 0, rows of full length) from operands other than the param;
 *   <li>no kernel after that one reads or writes the param, or writes the gradient: moving the
 *       update there changes no value anything reads.
 * </ul>
 *
 * Other params keep their update kernels, which run after the gradients as before.
 */
final class FusedStep {
    private final ProgramBuilder pb;
    private final Map<String, Method> kernels;

    private FusedStep(ProgramBuilder pb) {
        this.pb = pb;
        this.kernels = new HashMap<>();
        for (Method m : pb.methods) {
            kernels.put(m.name(), m);
        }
    }

    /**
     * The body of {@link Program#TRAIN_STEP}, or null when no update can be fused (the base
     * class's step, the gradients then the update, is then the same thing).
     *
     * @param gradients the statements of {@link Program#GRADIENTS}
     * @param update the statements of {@link Program#UPDATE}, in {@code targets} order
     */
    static List<Stmt> lower(ProgramBuilder pb, List<Stmt> gradients, List<Stmt> update,
                            List<Updates.Target> targets, Optimizer optimizer, double clipNorm) {
        if (!(optimizer instanceof Optimizer.Sgd sgd) || sgd.momentum() != 0 || sgd.weightDecay() != 0
                || clipNorm > 0) {
            return null;
        }
        return new FusedStep(pb).fuse(gradients, update, targets);
    }

    private List<Stmt> fuse(List<Stmt> gradients, List<Stmt> update, List<Updates.Target> targets) {
        List<Stmt> steps = new ArrayList<>(gradients);
        List<Stmt> updates = new ArrayList<>(update);
        boolean fused = false;
        for (Updates.Target t : targets) {
            int at = productOf(steps, t);
            Stmt.Invoke updateCall = updateOf(updates, t);
            if (at < 0 || updateCall == null || !untouchedAfter(steps, at, t)) {
                continue;
            }
            Method kernel = kernels.get(((Stmt.Invoke) steps.get(at)).method());
            Stmt.Gemm product = onlyGemm(kernel);
            Expr scale = Exprs.convert(new Expr.Field(Program.LEARNING_RATE, dev.nnc.program.Kind.F64, true),
                    product.kind());
            String name = pb.methodName(kernel.name() + "_sgd");
            Method step = new Method(name, kernel.comment() + "\nthen the sgd update of " + t.name()
                    + ", fused into the product: " + t.name() + " -= lr * " + t.gradient(),
                    List.of(new Stmt.GemmSubtract(product, scale, t.param())));
            pb.addMethod(step);
            kernels.put(name, step);
            steps.set(at, new Stmt.Invoke(name));
            updates.remove(updateCall);
            fused = true;
        }
        if (!fused) {
            return null;
        }
        steps.addAll(updates);
        return steps;
    }

    /** The index of the call in {@code steps} of the one kernel writing t's gradient, if it is a whole-gradient GEMM. */
    private int productOf(List<Stmt> steps, Updates.Target t) {
        int found = -1;
        for (int i = 0; i < steps.size(); i++) {
            Set<String> written = new HashSet<>();
            Set<String> read = new HashSet<>();
            access(List.of(steps.get(i)), read, written);
            if (written.contains(t.gradient())) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        if (found < 0 || !(steps.get(found) instanceof Stmt.Invoke call)) {
            return -1;
        }
        Stmt.Gemm g = onlyGemm(kernels.get(call.method()));
        if (g == null || !g.c().equals(t.gradient()) || g.beta() != 0 || !isConst(g.cOffset(), 0)
                || g.a().equals(t.param()) || g.b().equals(t.param())
                || !t.size().symbols().isEmpty()
                || !(g.m() instanceof Expr.Const m) || !(g.n() instanceof Expr.Const n)
                || !isConst(g.ldc(), n.value()) || m.value() * n.value() != t.size().constant()) {
            return -1;
        }
        return found;
    }

    /** The call of t's update kernel: the one update statement that writes t's param. */
    private Stmt.Invoke updateOf(List<Stmt> updates, Updates.Target t) {
        Stmt.Invoke found = null;
        for (Stmt s : updates) {
            Set<String> written = new HashSet<>();
            access(List.of(s), new HashSet<>(), written);
            if (written.contains(t.param())) {
                if (found != null || !(s instanceof Stmt.Invoke call)) {
                    return null;
                }
                found = call;
            }
        }
        return found;
    }

    /** Whether nothing after steps[at] reads or writes the param, or writes its gradient. */
    private boolean untouchedAfter(List<Stmt> steps, int at, Updates.Target t) {
        Set<String> read = new HashSet<>();
        Set<String> written = new HashSet<>();
        access(steps.subList(at + 1, steps.size()), read, written);
        return !read.contains(t.param()) && !written.contains(t.param()) && !written.contains(t.gradient());
    }

    /** The kernel's one statement besides comments, when that is a GEMM; else null. */
    private static Stmt.Gemm onlyGemm(Method kernel) {
        Stmt.Gemm gemm = null;
        for (Stmt s : kernel.body()) {
            if (s instanceof Stmt.Gemm g && gemm == null) {
                gemm = g;
            } else if (!(s instanceof Stmt.Comment)) {
                return null;
            }
        }
        return gemm;
    }

    private static boolean isConst(Expr e, double value) {
        return e instanceof Expr.Const c && c.value() == value;
    }

    /** Adds the buffers the statements read and write, through the kernels they call. */
    private void access(List<Stmt> body, Set<String> read, Set<String> written) {
        for (Stmt s : body) {
            Accesses.of(s, read, written);
            if (s instanceof Stmt.Invoke i) {
                access(kernels.get(i.method()).body(), read, written);
            } else if (s instanceof Stmt.Parallel p) {
                access(kernels.get(p.method()).body(), read, written);
            }
        }
    }
}
