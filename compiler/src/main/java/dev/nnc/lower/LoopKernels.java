package dev.nnc.lower;

import dev.nnc.ir.Dim;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Shape;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.ir.ops.Reductions;
import dev.nnc.ir.ops.Scalar;
import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.ir.ops.Softmax;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernels that are more than one elementwise loop: reductions (a fused operand inside, the
 * accumulator in a local where the reduced axes are innermost), matrix products (a GEMM call
 * with transposes folded into its flags, or plain loops when tiny and fixed), and the row
 * kernels softmax, log_softmax and cross_entropy.
 */
final class LoopKernels {
    /** Above this many multiply-adds a fixed-shape product goes to the GEMM kernel; below, plain loops that unroll. */
    static final long SMALL_MATMUL = 4096;

    private final FunctionLowering f;
    private final ProgramBuilder pb;
    private final Graph g;
    private final Fusion fusion;

    LoopKernels(FunctionLowering f, ProgramBuilder pb, Graph g, Fusion fusion) {
        this.f = f;
        this.pb = pb;
        this.g = g;
        this.fusion = fusion;
    }

    // Reductions.

    void reduce(Node n, String out, List<Stmt> body) {
        Node x = g.node(n.input(0));
        Shape in = x.shape();
        boolean[] reduced;
        Reductions.Kind kind;
        if (n.op() instanceof Reductions.Reduce r) {
            reduced = r.reduced(in.rank());
            kind = r.kind();
        } else {
            reduced = sumLikeAxes(in, g.node(n.input(1)).shape());
            kind = Reductions.Kind.SUM;
        }
        int firstReduced = in.rank();
        boolean suffix = true;
        for (int a = 0; a < in.rank(); a++) {
            if (reduced[a]) {
                firstReduced = Math.min(firstReduced, a);
            } else if (firstReduced < in.rank()) {
                suffix = false;
            }
        }
        Kind k = ProgramBuilder.kind(n.dtype());
        List<String> vars = new ArrayList<>();
        List<Expr> axes = new ArrayList<>();
        for (int a = 0; a < in.rank(); a++) {
            String v = f.locals().fresh("i" + a);
            vars.add(v);
            axes.add(Exprs.local(v, Kind.I32));
        }
        // The output position: the kept axes, row-major.
        Expr outIndex = Exprs.i32(0);
        Size stride = Size.ONE;
        for (int a = in.rank() - 1; a >= 0; a--) {
            if (!reduced[a]) {
                outIndex = Exprs.add(Exprs.mul(axes.get(a), pb.size(stride)), outIndex);
                stride = stride.times(Size.of(in.dim(a)));
            }
        }
        Size reducedCount = Size.ONE;
        for (int a = 0; a < in.rank(); a++) {
            if (reduced[a]) {
                reducedCount = reducedCount.times(Size.of(in.dim(a)));
            }
        }
        if (suffix || kind == Reductions.Kind.LOGSUMEXP) {
            reduceInner(n, x, reduced, suffix, firstReduced, kind, k, vars, axes, outIndex, reducedCount, out, body);
        } else {
            reduceInPlace(n, x, reduced, kind, k, vars, axes, outIndex, reducedCount, out, body);
        }
    }

    private static boolean[] sumLikeAxes(Shape g, Shape like) {
        boolean[] reduced = new boolean[g.rank()];
        int shift = g.rank() - like.rank();
        for (int a = 0; a < g.rank(); a++) {
            reduced[a] = a < shift || (like.dim(a - shift).equals(Dim.of(1)) && !g.dim(a).equals(Dim.of(1)));
        }
        return reduced;
    }

    /** Kept axes outside, reduced axes inside with the accumulator in a local. */
    void reduceInner(Node n, Node x, boolean[] reduced, boolean suffix, int firstReduced,
                             Reductions.Kind kind, Kind k, List<String> vars, List<Expr> axes, Expr outIndex,
                             Size count, String out, List<Stmt> body) {
        Shape in = x.shape();
        boolean flat = suffix && fusion.uniform(x, f.isInline(x.id()));
        String acc = f.locals().fresh("acc");
        Expr accv = Exprs.local(acc, k);
        List<Stmt> perOutput = new ArrayList<>();
        // One pass over the reduced elements, combining each into acc.
        List<Stmt> pass1 = reducedLoop(x, reduced, flat, firstReduced, vars, axes, outIndex, count,
                v -> new Stmt.Assign(acc, combine(kind == Reductions.Kind.LOGSUMEXP ? Reductions.Kind.MAX : kind,
                        k, accv, v)));
        perOutput.add(new Stmt.Declare(acc, k, Exprs.constant(k, initial(kind))));
        perOutput.addAll(pass1);
        Expr result = accv;
        if (kind == Reductions.Kind.MEAN) {
            result = Exprs.apply(Fn.DIV, k, accv, Exprs.convert(pb.size(count), k));
        } else if (kind == Reductions.Kind.LOGSUMEXP) {
            String sum = f.locals().fresh("sum");
            Expr sumv = Exprs.local(sum, k);
            perOutput.add(new Stmt.Declare(sum, k, Exprs.constant(k, 0)));
            perOutput.addAll(reducedLoop(x, reduced, flat, firstReduced, vars, axes, outIndex, count,
                    v -> new Stmt.Assign(sum, Exprs.apply(Fn.ADD, k, sumv,
                            Exprs.apply(Fn.EXP, k, Exprs.apply(Fn.SUB, k, v, accv))))));
            // An infinite max is the answer (all -inf gives -inf); subtracting it would give NaN.
            result = Exprs.apply(Fn.SELECT, k,
                    Exprs.apply(Fn.EQ, k, Exprs.apply(Fn.ABS, k, accv), Exprs.constant(k, Double.POSITIVE_INFINITY)),
                    accv, Exprs.apply(Fn.ADD, k, accv, Exprs.apply(Fn.LOG, k, sumv)));
        }
        perOutput.add(new Stmt.Store(out, outIndex, result));
        List<String> keptVars = new ArrayList<>();
        Shape keptShape = keptShape(in, reduced);
        for (int a = 0; a < in.rank(); a++) {
            if (!reduced[a]) {
                keptVars.add(vars.get(a));
            }
        }
        body.addAll(fusion.nest(keptShape, keptVars, 0, perOutput));
    }

    private static Shape keptShape(Shape in, boolean[] reduced) {
        List<Dim> dims = new ArrayList<>();
        for (int a = 0; a < in.rank(); a++) {
            if (!reduced[a]) {
                dims.add(in.dim(a));
            }
        }
        return new Shape(dims);
    }

    /** A loop over the reduced elements of one output position, applying {@code step} to each value. */
    List<Stmt> reducedLoop(Node x, boolean[] reduced, boolean flat, int firstReduced, List<String> vars,
                                   List<Expr> axes, Expr outIndex, Size count,
                                   java.util.function.Function<Expr, Stmt> step) {
        Shape in = x.shape();
        List<Stmt> inner = new ArrayList<>();
        if (flat) {
            String j = f.locals().fresh("j");
            Expr at = Exprs.add(Exprs.mul(outIndex, pb.size(count)), Exprs.local(j, Kind.I32));
            Expr v = fusion.value(x.id(), Index.flat(at), inner);
            inner.add(step.apply(v));
            return List.of(new Stmt.For(j, Exprs.i32(0), pb.size(count), inner));
        }
        Expr v = fusion.value(x.id(), Index.axes(axes), inner);
        inner.add(step.apply(v));
        List<Stmt> body = inner;
        for (int a = in.rank() - 1; a >= 0; a--) {
            if (reduced[a]) {
                body = List.of(new Stmt.For(vars.get(a), Exprs.i32(0), pb.size(Size.of(in.dim(a))), body));
            }
        }
        return body;
    }

    /** Every axis in storage order, combining into the output buffer (bias gradients: sum over the batch). */
    void reduceInPlace(Node n, Node x, boolean[] reduced, Reductions.Kind kind, Kind k, List<String> vars,
                               List<Expr> axes, Expr outIndex, Size count, String out, List<Stmt> body) {
        Shape outShape = keptShape(x.shape(), reduced);
        int leading = 0;
        while (leading < reduced.length && reduced[leading]) {
            leading++;
        }
        boolean rows = leading > 0 && leading < reduced.length && !f.isInline(x.id())
                && (kind == Reductions.Kind.SUM || kind == Reductions.Kind.MEAN) && k.isFloat();
        long fixed = 1;
        for (int a = 0; a < reduced.length; a++) {
            rows &= a < leading || !reduced[a];
            fixed = x.shape().dim(a).isFixed() && fixed >= 0 ? fixed * x.shape().dim(a).size() : -1;
        }
        // A small fixed one stays loops, which the unroller turns into straight-line code.
        rows &= fixed < 0 || fixed > SMALL_MATMUL;
        if (rows) {
            // A stored matrix summed over its leading axes (a bias's gradient): the runtime's
            // column sums, with each column's sum in a register instead of the loop's store per row.
            body.add(new Stmt.SumRows(k, pb.size(Size.count(x.shape(), 0, leading)), pb.size(Size.count(outShape)),
                    f.buffer(x.id()), out));
        } else {
            String o = f.locals().fresh("o");
            body.add(new Stmt.For(o, Exprs.i32(0), pb.size(Size.count(outShape)),
                    List.of(new Stmt.Store(out, Exprs.local(o, Kind.I32), Exprs.constant(k, initial(kind))))));
            List<Stmt> inner = new ArrayList<>();
            Expr v = fusion.value(x.id(), Index.axes(axes), inner);
            inner.add(new Stmt.Store(out, outIndex, combine(kind, k, new Expr.Load(out, k, outIndex), v)));
            body.addAll(fusion.nest(x.shape(), vars, 0, inner));
        }
        if (kind == Reductions.Kind.MEAN) {
            String o2 = f.locals().fresh("o");
            Expr at = Exprs.local(o2, Kind.I32);
            body.add(new Stmt.For(o2, Exprs.i32(0), pb.size(Size.count(outShape)), List.of(new Stmt.Store(out, at,
                    Exprs.apply(Fn.DIV, k, new Expr.Load(out, k, at), Exprs.convert(pb.size(count), k))))));
        }
    }

    private static double initial(Reductions.Kind kind) {
        return switch (kind) {
            case SUM, MEAN -> 0;
            case MAX, LOGSUMEXP -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
    }

    private static Expr combine(Reductions.Kind kind, Kind k, Expr acc, Expr v) {
        return switch (kind) {
            case SUM, MEAN -> Exprs.apply(Fn.ADD, k, acc, v);
            case MAX, LOGSUMEXP -> Exprs.apply(Fn.MAX, k, acc, v);
            case MIN -> Exprs.apply(Fn.MIN, k, acc, v);
        };
    }

    // Matrix products.

    void matmul(Node n, String out, List<Stmt> body) {
        int[] src = f.matmulSources(n.id());
        Shape a = g.node(n.input(0)).shape();
        Shape b = g.node(n.input(1)).shape();
        Dim m = a.rank() == 2 ? a.dim(0) : Dim.of(1);
        Dim k = a.dim(a.rank() - 1);
        Dim nn = b.rank() == 2 ? b.dim(1) : Dim.of(1);
        boolean transA = src[1] == 1;
        boolean transB = src[3] == 1;
        Size lda = Size.of(transA ? m : k);
        Size ldb = b.rank() == 1 ? Size.ONE : Size.of(transB ? k : nn);
        String bufA = f.buffer(src[0]);
        String bufB = f.buffer(src[2]);
        Kind kind = ProgramBuilder.kind(n.dtype());
        boolean small = m.isFixed() && k.isFixed() && nn.isFixed()
                && (long) m.size() * k.size() * nn.size() <= SMALL_MATMUL;
        if (!small) {
            body.add(new Stmt.Gemm(kind, transA, transB, pb.size(Size.of(m)), pb.size(Size.of(nn)), pb.size(Size.of(k)),
                    1.0, bufA, Exprs.i32(0), pb.size(lda), bufB, Exprs.i32(0), pb.size(ldb),
                    0.0, out, Exprs.i32(0), pb.size(Size.of(nn))));
            return;
        }
        // A product this small costs less as loops, which the unroller turns into straight-line code.
        String i = f.locals().fresh("i");
        String j = f.locals().fresh("j");
        String p = f.locals().fresh("p");
        String acc = f.locals().fresh("acc");
        Expr iv = Exprs.local(i, Kind.I32);
        Expr jv = Exprs.local(j, Kind.I32);
        Expr pv = Exprs.local(p, Kind.I32);
        Expr av = new Expr.Load(bufA, kind, transA ? Exprs.add(Exprs.mul(pv, pb.size(lda)), iv)
                : Exprs.add(Exprs.mul(iv, pb.size(lda)), pv));
        Expr bv = new Expr.Load(bufB, kind, transB ? Exprs.add(Exprs.mul(jv, pb.size(ldb)), pv)
                : Exprs.add(Exprs.mul(pv, pb.size(ldb)), jv));
        List<Stmt> dot = List.of(new Stmt.Assign(acc, Exprs.apply(Fn.ADD, kind, Exprs.local(acc, kind),
                Exprs.apply(Fn.MUL, kind, av, bv))));
        List<Stmt> cell = List.of(
                new Stmt.Declare(acc, kind, Exprs.constant(kind, 0)),
                new Stmt.For(p, Exprs.i32(0), pb.size(Size.of(k)), dot),
                new Stmt.Store(out, Exprs.add(Exprs.mul(iv, pb.size(Size.of(nn))), jv), Exprs.local(acc, kind)));
        body.add(new Stmt.For(i, Exprs.i32(0), pb.size(Size.of(m)),
                List.of(new Stmt.For(j, Exprs.i32(0), pb.size(Size.of(nn)), cell))));
    }

    // Row kernels.

    /** The slices along an axis: outer index o, inner index q, element a at o*len*inner + a*inner + q. */
    record Slices(Size outer, Size length, Size inner) {}

    private static Slices slices(Shape s, int axis) {
        return new Slices(Size.count(s, 0, axis), Size.of(s.dim(axis)), Size.count(s, axis + 1, s.rank()));
    }

    void softmax(Node n, Softmax op, String out, List<Stmt> body) {
        Node x = g.node(n.input(0));
        Shape s = x.shape();
        int axis = op.axis() < 0 ? op.axis() + s.rank() : op.axis();
        Slices sl = slices(s, axis);
        Kind k = ProgramBuilder.kind(n.dtype());
        String in = f.buffer(x.id());
        String o = f.locals().fresh("o");
        String q = f.locals().fresh("q");
        String a = f.locals().fresh("a");
        String max = f.locals().fresh("max");
        String sum = f.locals().fresh("sum");
        Expr base = Exprs.add(Exprs.mul(Exprs.local(o, Kind.I32), pb.size(sl.length().times(sl.inner()))),
                Exprs.local(q, Kind.I32));
        Expr at = Exprs.add(base, Exprs.mul(Exprs.local(a, Kind.I32), pb.size(sl.inner())));
        Expr xv = new Expr.Load(in, k, at);
        Expr maxv = Exprs.local(max, k);
        Expr sumv = Exprs.local(sum, k);
        Expr len = pb.size(sl.length());
        Expr shifted = Exprs.apply(Fn.SUB, k, xv, maxv);
        List<Stmt> slice = new ArrayList<>(List.of(
                new Stmt.Declare(max, k, Exprs.constant(k, Double.NEGATIVE_INFINITY)),
                new Stmt.For(a, Exprs.i32(0), len, List.of(new Stmt.Assign(max, Exprs.apply(Fn.MAX, k, maxv, xv)))),
                new Stmt.Declare(sum, k, Exprs.constant(k, 0))));
        if (op.log()) {
            slice.add(new Stmt.For(a, Exprs.i32(0), len, List.of(new Stmt.Assign(sum,
                    Exprs.apply(Fn.ADD, k, sumv, Exprs.apply(Fn.EXP, k, shifted))))));
            slice.add(new Stmt.For(a, Exprs.i32(0), len, List.of(new Stmt.Store(out, at,
                    Exprs.apply(Fn.SUB, k, shifted, Exprs.apply(Fn.LOG, k, sumv))))));
        } else {
            // Each exp once: stored, summed, then divided in place. Element a is read (in) before
            // it is written (out), so this holds even if the two were one buffer.
            String e = f.locals().fresh("e");
            Expr ev = Exprs.local(e, k);
            slice.add(new Stmt.For(a, Exprs.i32(0), len, List.of(
                    new Stmt.Declare(e, k, Exprs.apply(Fn.EXP, k, shifted)),
                    new Stmt.Store(out, at, ev),
                    new Stmt.Assign(sum, Exprs.apply(Fn.ADD, k, sumv, ev)))));
            slice.add(new Stmt.For(a, Exprs.i32(0), len, List.of(new Stmt.Store(out, at,
                    Exprs.apply(Fn.DIV, k, new Expr.Load(out, k, at), sumv)))));
        }
        // Each slice is normalised on its own: the outer loop's iterations are independent.
        body.add(new Stmt.For(o, Exprs.i32(0), pb.size(sl.outer()),
                List.of(new Stmt.For(q, Exprs.i32(0), pb.size(sl.inner()), slice, true)), true));
    }

    void crossEntropy(Node n, String out, List<Stmt> body) {
        Node logits = g.node(n.input(0));
        Node labels = g.node(n.input(1));
        Shape s = logits.shape();
        Kind k = ProgramBuilder.kind(n.dtype());
        String in = f.buffer(logits.id());
        String lab = f.buffer(labels.id());
        Size classes = Size.of(s.dim(s.rank() - 1));
        Size examples = s.rank() == 2 ? Size.of(s.dim(0)) : Size.ONE;
        String labelName = labels.op() instanceof Leaves.Input li ? li.inputName() : "labels";
        String e = f.locals().fresh("n");
        String c = f.locals().fresh("c");
        String max = f.locals().fresh("max");
        String sum = f.locals().fresh("sum");
        String label = f.locals().fresh("label");
        Expr ev = Exprs.local(e, Kind.I32);
        Expr row = Exprs.mul(ev, pb.size(classes));
        Expr xv = new Expr.Load(in, k, Exprs.add(row, Exprs.local(c, Kind.I32)));
        Expr maxv = Exprs.local(max, k);
        Expr sumv = Exprs.local(sum, k);
        Expr picked = new Expr.Load(in, k, Exprs.add(row, Exprs.local(label, Kind.I32)));
        // 0 - log_softmax rather than its negation, as the reference does: a certain prediction costs 0, not -0.
        Expr loss = Exprs.apply(Fn.SUB, k, Exprs.constant(k, 0), Exprs.apply(Fn.SUB, k,
                Exprs.apply(Fn.SUB, k, picked, maxv), Exprs.apply(Fn.LOG, k, sumv)));
        List<Stmt> perExample = List.of(
                new Stmt.Declare(label, Kind.I32, new Expr.CheckLabel(new Expr.Load(lab, Kind.I32, ev),
                        pb.size(classes), ev, labelName)),
                new Stmt.Declare(max, k, Exprs.constant(k, Double.NEGATIVE_INFINITY)),
                new Stmt.For(c, Exprs.i32(0), pb.size(classes),
                        List.of(new Stmt.Assign(max, Exprs.apply(Fn.MAX, k, maxv, xv)))),
                new Stmt.Declare(sum, k, Exprs.constant(k, 0)),
                new Stmt.For(c, Exprs.i32(0), pb.size(classes), List.of(new Stmt.Assign(sum,
                        Exprs.apply(Fn.ADD, k, sumv, Exprs.apply(Fn.EXP, k, Exprs.apply(Fn.SUB, k, xv, maxv)))))),
                new Stmt.Store(out, ev, loss));
        body.add(new Stmt.For(e, Exprs.i32(0), pb.size(examples), perExample, true));
    }
}
