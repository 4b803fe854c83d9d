package dev.nnc.lower;

import dev.nnc.ir.Dim;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.ir.ops.BroadcastOps;
import dev.nnc.ir.ops.Differentiation;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.ir.ops.Losses;
import dev.nnc.ir.ops.Reductions;
import dev.nnc.ir.ops.Scalar;
import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.ir.ops.Shapes;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Elementwise code for one function: the value of a node at an index, as an expression that
 * reads stored operands and substitutes fused ones (their formulas, at the index their
 * broadcast gives), and the loops that store a node's every element.
 */
final class Fusion {
    private final FunctionLowering f;
    private final ProgramBuilder pb;
    private final Graph g;

    Fusion(FunctionLowering f, ProgramBuilder pb, Graph g) {
        this.f = f;
        this.pb = pb;
        this.g = g;
    }

    static boolean isOne(Shape s) {
        return s.isFixed() && s.elementCount() == 1;
    }

    /** A loop over n's elements storing each into {@code out}. */
    void mapLoops(Node n, String out, boolean compute, List<Stmt> body) {
        Shape shape = n.shape();
        Kind kind = ProgramBuilder.kind(n.dtype());
        if (uniform(n, compute)) {
            if (isOne(shape)) {
                List<Stmt> inner = new ArrayList<>();
                Expr v = element(n, Index.flat(Exprs.i32(0)), compute, inner);
                body.addAll(inner);
                body.add(new Stmt.Store(out, Exprs.i32(0), Exprs.convert(v, kind)));
                return;
            }
            String i = f.locals().fresh("i");
            Expr iv = Exprs.local(i, Kind.I32);
            List<Stmt> inner = new ArrayList<>();
            Expr v = element(n, Index.flat(iv), compute, inner);
            inner.add(new Stmt.Store(out, iv, Exprs.convert(v, kind)));
            body.add(new Stmt.For(i, Exprs.i32(0), pb.size(Size.count(shape)), inner, true));
            return;
        }
        List<Expr> vars = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int a = 0; a < shape.rank(); a++) {
            String v = f.locals().fresh("i" + a);
            names.add(v);
            vars.add(Exprs.local(v, Kind.I32));
        }
        List<Stmt> inner = new ArrayList<>();
        Expr v = element(n, Index.axes(vars), compute, inner);
        inner.add(new Stmt.Store(out, flatIndex(shape, vars), Exprs.convert(v, kind)));
        body.addAll(nest(shape, names, 0, inner, true));
    }

    /** Loops over axes {@code from..} of shape around {@code inner}. */
    List<Stmt> nest(Shape shape, List<String> vars, int from, List<Stmt> inner) {
        return nest(shape, vars, from, inner, false);
    }

    /**
     * Loops over axes {@code from..} of shape around {@code inner}; {@code independent} says
     * each iteration of every loop writes only its own elements (see {@link Stmt.For}).
     */
    List<Stmt> nest(Shape shape, List<String> vars, int from, List<Stmt> inner, boolean independent) {
        List<Stmt> body = inner;
        for (int a = shape.rank() - 1; a >= from; a--) {
            body = List.of(new Stmt.For(vars.get(a - from), Exprs.i32(0), pb.size(Size.of(shape.dim(a))), body,
                    independent));
        }
        return body;
    }

    Expr flatIndex(Shape shape, List<Expr> axes) {
        List<Size> strides = Size.strides(shape);
        Expr e = Exprs.i32(0);
        for (int a = 0; a < shape.rank(); a++) {
            e = Exprs.add(e, Exprs.mul(axes.get(a), pb.size(strides.get(a))));
        }
        return e;
    }

    /**
     * Whether n's loop can run over flat positions: every fused node and every buffer read has
     * n's shape (or is a single number), and nothing permutes or broadcasts indices.
     */
    boolean uniform(Node n, boolean compute) {
        if (!compute) {
            return true;
        }
        Op op = n.op();
        if (op instanceof Shapes.Transpose || op instanceof Losses.OneHot || op instanceof BroadcastOps.BroadcastLike) {
            return false;
        }
        for (int r : f.reads(n)) {
            Node operand = g.node(r);
            if (f.isConstant(r)) {
                continue;
            }
            if (!operand.shape().equals(n.shape()) && !isOne(operand.shape())) {
                return false;
            }
            if (f.isInline(r) && !uniform(operand, true)) {
                return false;
            }
        }
        return true;
    }

    /** n's value at {@code at}: computed from its operands, or (compute false) read from where it is stored. */
    Expr element(Node n, Index at, boolean compute, List<Stmt> prelude) {
        return compute ? computed(n, at, prelude) : value(n.id(), at, prelude);
    }

    /** An operand's value at an index of its own shape. */
    Expr value(int id, Index at, List<Stmt> prelude) {
        Node n = g.node(id);
        if (f.isConstant(id)) {
            return constant(n);
        }
        if (f.isInline(id)) {
            return computed(n, at, prelude);
        }
        Expr index = isOne(n.shape()) ? Exprs.i32(0) : at.flat() != null ? at.flat() : flatIndex(n.shape(), at.axes());
        return new Expr.Load(f.buffer(id), ProgramBuilder.kind(n.dtype()), index);
    }

    Expr constant(Node n) {
        if (n.op() instanceof Leaves.Constant c) {
            return Exprs.constant(ProgramBuilder.kind(n.dtype()), c.value().get(0));
        }
        Reductions.Count count = (Reductions.Count) n.op();
        Shape of = g.node(n.input(0)).shape();
        boolean[] reduced = new Reductions.Reduce(Reductions.Kind.SUM, count.axes(), false).reduced(of.rank());
        Size s = Size.ONE;
        for (int a = 0; a < of.rank(); a++) {
            if (reduced[a]) {
                s = s.times(Size.of(of.dim(a)));
            }
        }
        return Exprs.convert(pb.size(s), ProgramBuilder.kind(n.dtype()));
    }

    Expr computed(Node n, Index at, List<Stmt> prelude) {
        Op op = n.op();
        Kind kind = ProgramBuilder.kind(n.dtype());
        if (op instanceof Elementwise e) {
            int arity = n.inputs().size();
            Expr[] operands = new Expr[arity];
            int[] mentions = new int[arity];
            count(e.formula(), mentions);
            for (int k = 0; k < arity; k++) {
                Node operand = g.node(n.input(k));
                Expr v = Exprs.convert(value(operand.id(), broadcast(at, n.shape(), operand.shape()), prelude), kind);
                if (mentions[k] > 1 && !Exprs.isTrivial(v)) {
                    String local = f.locals().fresh("v");
                    prelude.add(new Stmt.Declare(local, kind, v));
                    v = Exprs.local(local, kind);
                }
                operands[k] = v;
            }
            return formula(e.formula(), operands, kind);
        }
        if (op instanceof Differentiation.StopGradient) {
            return value(n.input(0), at, prelude);
        }
        if (op instanceof Shapes.Transpose) {
            List<Expr> axes = axesOf(at, n.shape());
            return value(n.input(0), Index.axes(List.of(axes.get(1), axes.get(0))), prelude);
        }
        if (op instanceof BroadcastOps.BroadcastLike b) {
            Node source = g.node(n.input(0));
            return value(source.id(), broadcastLike(at, n.shape(), source.shape(), b), prelude);
        }
        if (op instanceof Losses.OneHot) {
            List<Expr> axes = axesOf(at, n.shape());
            Node labels = g.node(n.input(0));
            Expr example = n.shape().rank() == 2 ? axes.get(0) : Exprs.i32(0);
            Expr label = value(labels.id(), Index.flat(example), prelude);
            Expr cls = axes.get(axes.size() - 1);
            return Exprs.apply(Fn.EQ, kind, Exprs.convert(label, kind), Exprs.convert(cls, kind));
        }
        if (op instanceof Reductions.Count || op instanceof Leaves.Constant) {
            return constant(n);
        }
        throw new IllegalStateException("op '" + op.name() + "' cannot be computed element by element");
    }

    List<Expr> axesOf(Index at, Shape shape) {
        if (at.axes() == null) {
            if (isOne(shape)) {
                List<Expr> zeros = new ArrayList<>();
                for (int a = 0; a < shape.rank(); a++) {
                    zeros.add(Exprs.i32(0));
                }
                return zeros;
            }
            throw new IllegalStateException("a flat index where axes are needed");
        }
        return at.axes();
    }

    /** The index into an operand of shape {@code from} broadcast to {@code to} (NumPy, aligned right). */
    Index broadcast(Index at, Shape to, Shape from) {
        if (from.equals(to)) {
            return at;
        }
        if (isOne(from)) {
            return Index.flat(Exprs.i32(0));
        }
        List<Expr> axes = axesOf(at, to);
        List<Expr> out = new ArrayList<>();
        int shift = to.rank() - from.rank();
        for (int b = 0; b < from.rank(); b++) {
            boolean stretched = from.dim(b).equals(Dim.of(1)) && !to.dim(b + shift).equals(Dim.of(1));
            out.add(stretched ? Exprs.i32(0) : axes.get(b + shift));
        }
        return Index.axes(out);
    }

    Index broadcastLike(Index at, Shape to, Shape from, BroadcastOps.BroadcastLike b) {
        if (b.axes() == null) {
            return broadcast(at, to, from);
        }
        if (isOne(from)) {
            return Index.flat(Exprs.i32(0));
        }
        boolean[] dropped = new boolean[to.rank()];
        for (int a : b.axes()) {
            dropped[a < 0 ? a + to.rank() : a] = true;
        }
        List<Expr> axes = axesOf(at, to);
        List<Expr> out = new ArrayList<>();
        int next = 0;
        for (int a = 0; a < to.rank(); a++) {
            if (dropped[a]) {
                continue;
            }
            boolean stretched = from.dim(next).equals(Dim.of(1)) && !to.dim(a).equals(Dim.of(1));
            out.add(stretched ? Exprs.i32(0) : axes.get(a));
            next++;
        }
        return Index.axes(out);
    }

    static void count(Scalar s, int[] mentions) {
        if (s instanceof Scalar.Arg a) {
            mentions[a.index()]++;
        } else if (s instanceof Scalar.Apply ap) {
            for (Scalar x : ap.args()) {
                count(x, mentions);
            }
        }
    }

    static Expr formula(Scalar s, Expr[] operands, Kind kind) {
        if (s instanceof Scalar.Arg a) {
            return operands[a.index()];
        }
        if (s instanceof Scalar.Const c) {
            return Exprs.constant(kind, c.value());
        }
        if (s instanceof Scalar.Apply ap) {
            List<Expr> args = new ArrayList<>();
            for (Scalar x : ap.args()) {
                args.add(formula(x, operands, kind));
            }
            return Exprs.fold(ap.fn(), kind, args);
        }
        throw new IllegalStateException("formula " + s + " still mentions the op's output");
    }
}
