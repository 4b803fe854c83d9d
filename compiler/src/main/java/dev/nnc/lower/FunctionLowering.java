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
import dev.nnc.ir.ops.MatMul;
import dev.nnc.ir.ops.Reductions;
import dev.nnc.ir.ops.Scalar;
import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.ir.ops.Shapes;
import dev.nnc.ir.ops.Softmax;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lowers one function of a model (predict, evaluate, or the gradient step) from an optimised
 * graph to kernel methods and an entry method that calls them in order.
 *
 * <p>Fusion: an elementwise node (or a broadcast, a transpose read, a one-hot) used exactly
 * once, by a loop over the same number of elements, is not stored: its formula is substituted
 * into its consumer's loop. So {@code relu(a @ W + b)} is a GEMM and one loop, and
 * {@code sum(0.5 * (t - o)^2)} is one loop with an accumulator. Everything else gets a
 * kernel and a buffer: the function's roots get the buffers the spec exposes, the rest share
 * scratch buffers whenever their lifetimes do not overlap.
 */
final class FunctionLowering {

    private enum Mode { LEAF, CONST, INLINE, ALIAS, KERNEL }

    /** Above this many multiply-adds a fixed-shape product goes to the GEMM kernel; below, plain loops that unroll. */
    static final long SMALL_MATMUL = 4096;

    private final ProgramBuilder pb;
    private final Graph g;
    private final Kind dtype;
    private final Mode[] mode;
    private final int[] uses;
    private final int[] consumer;
    private final boolean[] forced;
    private final boolean[] live;
    private final String[] storage;
    /** For a matmul, its operands after folding transposes: source ids and whether transposed. */
    private final Map<Integer, int[]> matmul = new LinkedHashMap<>();
    private final Map<Integer, List<String>> rootNames = new LinkedHashMap<>();
    private final Set<String> busy = new HashSet<>();
    private final Set<String> scratch = new HashSet<>();

    private Names locals;

    FunctionLowering(ProgramBuilder pb, Graph g) {
        this.pb = pb;
        this.g = g;
        this.dtype = pb.dtype;
        int n = g.size();
        mode = new Mode[n];
        uses = new int[n];
        consumer = new int[n];
        forced = new boolean[n];
        live = new boolean[n];
        storage = new String[n];
    }

    /**
     * Lowers the function whose results are the named values in {@code exported} (name to the
     * buffer the spec exposes it in) and returns the statements of its entry method.
     */
    List<Stmt> lower(String function, Map<String, String> exported) {
        for (Map.Entry<String, String> e : exported.entrySet()) {
            Node node = g.named(e.getKey());
            if (node == null) {
                throw new IllegalStateException("no value named '" + e.getKey() + "' in the " + function + " graph");
            }
            rootNames.computeIfAbsent(node.id(), k -> new ArrayList<>()).add(e.getKey());
        }
        foldTransposes();
        markLive();
        classify();
        return schedule(exported);
    }

    // Analysis.

    private void foldTransposes() {
        for (Node n : g.nodes()) {
            if (n.op() instanceof MatMul) {
                int[] src = new int[4];
                for (int k = 0; k < 2; k++) {
                    Node operand = g.node(n.input(k));
                    boolean fold = operand.op() instanceof Shapes.Transpose && operand.shape().rank() == 2;
                    src[2 * k] = fold ? operand.input(0) : operand.id();
                    src[2 * k + 1] = fold ? 1 : 0;
                }
                matmul.put(n.id(), src);
            }
        }
    }

    /** The operands a node's computation reads: shape-only operands excluded, transposes folded. */
    private List<Integer> reads(Node n) {
        Op op = n.op();
        if (op instanceof MatMul) {
            int[] src = matmul.get(n.id());
            return List.of(src[0], src[2]);
        }
        if (op instanceof BroadcastOps.BroadcastLike || op instanceof BroadcastOps.SumLike
                || op instanceof Losses.OneHot || op instanceof Shapes.ReshapeLike) {
            return List.of(n.input(0));
        }
        if (op instanceof Reductions.Count) {
            return List.of();
        }
        return n.inputs();
    }

    private void markLive() {
        for (int id : rootNames.keySet()) {
            live[id] = true;
        }
        for (int id = g.size() - 1; id >= 0; id--) {
            if (!live[id]) {
                continue;
            }
            Node n = g.node(id);
            for (int r : reads(n)) {
                live[r] = true;
                uses[r]++;
                consumer[r] = id;
                if (!isLoopConsumer(n.op())) {
                    forced[r] = true;
                }
            }
        }
        for (Map.Entry<Integer, List<String>> e : rootNames.entrySet()) {
            uses[e.getKey()] += e.getValue().size();
        }
    }

    /** Ops whose lowering is a loop that evaluates its operands as expressions at an index. */
    private static boolean isLoopConsumer(Op op) {
        return isMapOp(op) || op instanceof Reductions.Reduce || op instanceof BroadcastOps.SumLike;
    }

    /** Ops computed element by element at the output's index, which can be fused into a consumer. */
    private static boolean isMapOp(Op op) {
        return op instanceof Elementwise || op instanceof BroadcastOps.BroadcastLike || op instanceof Losses.OneHot
                || op instanceof Differentiation.StopGradient || op instanceof Shapes.Transpose;
    }

    private void classify() {
        for (Node n : g.nodes()) {
            int id = n.id();
            if (!live[id]) {
                continue;
            }
            Op op = n.op();
            boolean root = rootNames.containsKey(id);
            if (op instanceof Leaves.Input in) {
                mode[id] = Mode.LEAF;
                storage[id] = pb.named.get("input:" + in.inputName());
            } else if (op instanceof Leaves.Param p) {
                mode[id] = Mode.LEAF;
                storage[id] = pb.named.get("param:" + p.paramName());
            } else if (op instanceof Leaves.Constant c) {
                if (isOne(n.shape())) {
                    mode[id] = Mode.CONST;
                } else {
                    mode[id] = Mode.LEAF;
                    storage[id] = constantBuffer(c);
                }
            } else if (op instanceof Reductions.Count) {
                mode[id] = Mode.CONST;
            } else if (op instanceof Shapes.Reshape || op instanceof Shapes.ReshapeLike) {
                mode[id] = Mode.ALIAS;
            } else if (isMapOp(op) && !root && !forced[id] && uses[id] == 1 && fitsConsumer(n)) {
                mode[id] = Mode.INLINE;
            } else {
                mode[id] = Mode.KERNEL;
            }
            if (storage[id] == null && mode[id] == Mode.LEAF) {
                throw new IllegalStateException("no buffer for " + op.name());
            }
        }
    }

    private String constantBuffer(Leaves.Constant c) {
        return pb.constants.computeIfAbsent(c, pb::addConstant);
    }

    private static boolean isOne(Shape s) {
        return s.isFixed() && s.elementCount() == 1;
    }

    /** Whether n's single consumer loops over exactly n's elements, so inlining computes each once. */
    private boolean fitsConsumer(Node n) {
        Node c = g.node(consumer[n.id()]);
        if (!isLoopConsumer(c.op())) {
            return false;
        }
        Shape iteration = isMapOp(c.op()) ? c.shape() : g.node(c.input(0)).shape();
        return Size.count(n.shape()).equals(Size.count(iteration));
    }

    /** The node whose buffer holds n's elements, following reshapes. */
    private int owner(int id) {
        while (mode[id] == Mode.ALIAS) {
            id = g.node(id).input(0);
        }
        return id;
    }

    /** The stored nodes whose buffers a kernel for n reads, through fused nodes and reshapes. */
    private void sources(int id, boolean top, Set<Integer> out) {
        Node n = g.node(id);
        if (!top) {
            switch (mode[id]) {
                case CONST:
                    return;
                case LEAF:
                case KERNEL:
                    out.add(id);
                    return;
                case ALIAS:
                    out.add(owner(id));
                    return;
                case INLINE:
                    break;
            }
        }
        for (int r : reads(n)) {
            sources(r, false, out);
        }
    }

    // Scheduling and buffers.

    private List<Stmt> schedule(Map<String, String> exported) {
        List<Integer> order = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (live[n.id()] && (mode[n.id()] == Mode.KERNEL || rootNames.containsKey(n.id()))) {
                order.add(n.id());
            }
        }
        Map<Integer, Integer> lastUse = new LinkedHashMap<>();
        List<Set<Integer>> reads = new ArrayList<>();
        for (int pos = 0; pos < order.size(); pos++) {
            int id = order.get(pos);
            Set<Integer> s = new LinkedHashSet<>();
            if (mode[id] == Mode.KERNEL) {
                sources(id, true, s);
            } else {
                sources(id, false, s);
            }
            reads.add(s);
            for (int src : s) {
                lastUse.put(src, pos);
            }
        }
        List<Stmt> entry = new ArrayList<>();
        for (int pos = 0; pos < order.size(); pos++) {
            int id = order.get(pos);
            Node n = g.node(id);
            List<String> names = rootNames.getOrDefault(id, List.of());
            if (mode[id] == Mode.KERNEL) {
                storage[id] = names.isEmpty() ? acquire(n) : exported.get(names.get(0));
                entry.add(kernel(n, storage[id], true));
                for (int i = 1; i < names.size(); i++) {
                    entry.add(copy(n, exported.get(names.get(i))));
                }
            } else {
                for (String name : names) {
                    entry.add(copy(n, exported.get(name)));
                }
            }
            for (int src : reads.get(pos)) {
                if (lastUse.get(src) == pos && scratch.contains(storage[src])
                        && !rootNames.containsKey(src)) {
                    busy.remove(storage[src]);
                }
            }
        }
        return entry;
    }

    private String acquire(Node n) {
        Kind kind = ProgramBuilder.kind(n.dtype());
        Size size = Size.count(n.shape());
        for (String candidate : pb.scratchFitting(kind, size)) {
            if (busy.add(candidate)) {
                scratch.add(candidate);
                return candidate;
            }
        }
        String made = pb.addScratch(kind, size);
        busy.add(made);
        scratch.add(made);
        return made;
    }

    // Kernels.

    private Stmt copy(Node n, String target) {
        locals = new Names(pb.fields);
        List<Stmt> body = new ArrayList<>();
        mapLoops(n, target, false, body);
        return finish("copy_" + Names.legal(target), "copies " + describe(n) + " into " + target, body);
    }

    private Stmt kernel(Node n, String out, boolean compute) {
        locals = new Names(pb.fields);
        List<Stmt> body = new ArrayList<>();
        Op op = n.op();
        if (isMapOp(op) || op instanceof Reductions.Count || op instanceof Leaves.Constant) {
            mapLoops(n, out, compute, body);
        } else if (op instanceof Reductions.Reduce || op instanceof BroadcastOps.SumLike) {
            reduce(n, out, body);
        } else if (op instanceof MatMul) {
            matmul(n, out, body);
        } else if (op instanceof Softmax s) {
            softmax(n, s, out, body);
        } else if (op instanceof Losses.CrossEntropy) {
            crossEntropy(n, out, body);
        } else {
            throw new IllegalStateException("the compiler has no lowering for op '" + op.name() + "'");
        }
        return finish("k" + n.id() + "_" + word(op), describe(n), body);
    }

    private Stmt finish(String wanted, String comment, List<Stmt> body) {
        String name = pb.methodName(wanted);
        pb.addMethod(new Method(name, comment, body));
        return new Stmt.Invoke(name);
    }

    private static String word(Op op) {
        String name = op.name();
        int paren = name.indexOf('(');
        return Names.legal(paren < 0 ? name : name.substring(0, paren));
    }

    /** The first name of each named node, computed once (Graph.nameOf is a scan). */
    private Map<Integer, String> names() {
        if (firstNames == null) {
            firstNames = new java.util.HashMap<>();
            for (Map.Entry<String, Integer> e : g.names().entrySet()) {
                firstNames.putIfAbsent(e.getValue(), e.getKey());
            }
        }
        return firstNames;
    }

    private Map<Integer, String> firstNames;

    private String describe(Node n) {
        StringBuilder sb = new StringBuilder();
        String name = names().get(n.id());
        sb.append('%').append(n.id()).append(name == null ? "" : " (" + name + ")").append(" = ").append(n.op().name());
        List<String> operands = new ArrayList<>();
        for (int i : n.inputs()) {
            operands.add("%" + i);
        }
        if (!operands.isEmpty()) {
            sb.append('(').append(String.join(", ", operands)).append(')');
        }
        sb.append(" : ").append(n.type());
        if (n.origin() != null) {
            sb.append("\nfrom the derivative of %").append(n.origin().forward()).append(" (").append(n.origin().rule())
                    .append(")");
        }
        if (n.span() != null) {
            String line = n.span().file().lineText(n.span().line()).strip();
            sb.append("\nline ").append(n.span().line()).append(": ").append(line);
        }
        return sb.toString();
    }

    /** The index of an element of a node: a flat position, or one index per axis. */
    private record Index(Expr flat, List<Expr> axes) {
        static Index flat(Expr e) {
            return new Index(e, null);
        }

        static Index axes(List<Expr> axes) {
            return new Index(null, List.copyOf(axes));
        }
    }

    /** A loop over n's elements storing each into {@code out}. */
    private void mapLoops(Node n, String out, boolean compute, List<Stmt> body) {
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
            String i = locals.fresh("i");
            Expr iv = Exprs.local(i, Kind.I32);
            List<Stmt> inner = new ArrayList<>();
            Expr v = element(n, Index.flat(iv), compute, inner);
            inner.add(new Stmt.Store(out, iv, Exprs.convert(v, kind)));
            body.add(new Stmt.For(i, Exprs.i32(0), pb.size(Size.count(shape)), inner));
            return;
        }
        List<Expr> vars = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int a = 0; a < shape.rank(); a++) {
            String v = locals.fresh("i" + a);
            names.add(v);
            vars.add(Exprs.local(v, Kind.I32));
        }
        List<Stmt> inner = new ArrayList<>();
        Expr v = element(n, Index.axes(vars), compute, inner);
        inner.add(new Stmt.Store(out, flatIndex(shape, vars), Exprs.convert(v, kind)));
        body.addAll(nest(shape, names, 0, inner));
    }

    /** Loops over axes {@code from..} of shape around {@code inner}. */
    private List<Stmt> nest(Shape shape, List<String> vars, int from, List<Stmt> inner) {
        List<Stmt> body = inner;
        for (int a = shape.rank() - 1; a >= from; a--) {
            body = List.of(new Stmt.For(vars.get(a - from), Exprs.i32(0), pb.size(Size.of(shape.dim(a))), body));
        }
        return body;
    }

    private Expr flatIndex(Shape shape, List<Expr> axes) {
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
    private boolean uniform(Node n, boolean compute) {
        if (!compute) {
            return true;
        }
        Op op = n.op();
        if (op instanceof Shapes.Transpose || op instanceof Losses.OneHot || op instanceof BroadcastOps.BroadcastLike) {
            return false;
        }
        for (int r : reads(n)) {
            Node operand = g.node(r);
            if (mode[r] == Mode.CONST) {
                continue;
            }
            if (!operand.shape().equals(n.shape()) && !isOne(operand.shape())) {
                return false;
            }
            if (mode[r] == Mode.INLINE && !uniform(operand, true)) {
                return false;
            }
        }
        return true;
    }

    /** n's value at {@code at}: computed from its operands, or (compute false) read from where it is stored. */
    private Expr element(Node n, Index at, boolean compute, List<Stmt> prelude) {
        return compute ? computed(n, at, prelude) : value(n.id(), at, prelude);
    }

    /** An operand's value at an index of its own shape. */
    private Expr value(int id, Index at, List<Stmt> prelude) {
        Node n = g.node(id);
        return switch (mode[id]) {
            case CONST -> constant(n);
            case INLINE -> computed(n, at, prelude);
            case LEAF, KERNEL, ALIAS -> {
                String buffer = storage[owner(id)];
                Expr index = isOne(n.shape()) ? Exprs.i32(0)
                        : at.flat() != null ? at.flat() : flatIndex(n.shape(), at.axes());
                yield new Expr.Load(buffer, ProgramBuilder.kind(n.dtype()), index);
            }
        };
    }

    private Expr constant(Node n) {
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

    private Expr computed(Node n, Index at, List<Stmt> prelude) {
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
                    String local = locals.fresh("v");
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

    private List<Expr> axesOf(Index at, Shape shape) {
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
    private Index broadcast(Index at, Shape to, Shape from) {
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

    private Index broadcastLike(Index at, Shape to, Shape from, BroadcastOps.BroadcastLike b) {
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

    private static void count(Scalar s, int[] mentions) {
        if (s instanceof Scalar.Arg a) {
            mentions[a.index()]++;
        } else if (s instanceof Scalar.Apply ap) {
            for (Scalar x : ap.args()) {
                count(x, mentions);
            }
        }
    }

    private static Expr formula(Scalar s, Expr[] operands, Kind kind) {
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

    // Reductions.

    private void reduce(Node n, String out, List<Stmt> body) {
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
            String v = locals.fresh("i" + a);
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
    private void reduceInner(Node n, Node x, boolean[] reduced, boolean suffix, int firstReduced,
                             Reductions.Kind kind, Kind k, List<String> vars, List<Expr> axes, Expr outIndex,
                             Size count, String out, List<Stmt> body) {
        Shape in = x.shape();
        boolean flat = suffix && uniform(x, mode[x.id()] == Mode.INLINE);
        String acc = locals.fresh("acc");
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
            String sum = locals.fresh("sum");
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
        body.addAll(nest(keptShape, keptVars, 0, perOutput));
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
    private List<Stmt> reducedLoop(Node x, boolean[] reduced, boolean flat, int firstReduced, List<String> vars,
                                   List<Expr> axes, Expr outIndex, Size count,
                                   java.util.function.Function<Expr, Stmt> step) {
        Shape in = x.shape();
        List<Stmt> inner = new ArrayList<>();
        if (flat) {
            String j = locals.fresh("j");
            Expr at = Exprs.add(Exprs.mul(outIndex, pb.size(count)), Exprs.local(j, Kind.I32));
            Expr v = value(x.id(), Index.flat(at), inner);
            inner.add(step.apply(v));
            return List.of(new Stmt.For(j, Exprs.i32(0), pb.size(count), inner));
        }
        Expr v = value(x.id(), Index.axes(axes), inner);
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
    private void reduceInPlace(Node n, Node x, boolean[] reduced, Reductions.Kind kind, Kind k, List<String> vars,
                               List<Expr> axes, Expr outIndex, Size count, String out, List<Stmt> body) {
        Shape outShape = keptShape(x.shape(), reduced);
        String o = locals.fresh("o");
        body.add(new Stmt.For(o, Exprs.i32(0), pb.size(Size.count(outShape)),
                List.of(new Stmt.Store(out, Exprs.local(o, Kind.I32), Exprs.constant(k, initial(kind))))));
        List<Stmt> inner = new ArrayList<>();
        Expr v = value(x.id(), Index.axes(axes), inner);
        inner.add(new Stmt.Store(out, outIndex, combine(kind, k, new Expr.Load(out, k, outIndex), v)));
        body.addAll(nest(x.shape(), vars, 0, inner));
        if (kind == Reductions.Kind.MEAN) {
            String o2 = locals.fresh("o");
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

    private void matmul(Node n, String out, List<Stmt> body) {
        int[] src = matmul.get(n.id());
        Shape a = g.node(n.input(0)).shape();
        Shape b = g.node(n.input(1)).shape();
        Dim m = a.rank() == 2 ? a.dim(0) : Dim.of(1);
        Dim k = a.dim(a.rank() - 1);
        Dim nn = b.rank() == 2 ? b.dim(1) : Dim.of(1);
        boolean transA = src[1] == 1;
        boolean transB = src[3] == 1;
        Size lda = Size.of(transA ? m : k);
        Size ldb = b.rank() == 1 ? Size.ONE : Size.of(transB ? k : nn);
        String bufA = storage[owner(src[0])];
        String bufB = storage[owner(src[2])];
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
        String i = locals.fresh("i");
        String j = locals.fresh("j");
        String p = locals.fresh("p");
        String acc = locals.fresh("acc");
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
    private record Slices(Size outer, Size length, Size inner) {}

    private static Slices slices(Shape s, int axis) {
        return new Slices(Size.count(s, 0, axis), Size.of(s.dim(axis)), Size.count(s, axis + 1, s.rank()));
    }

    private void softmax(Node n, Softmax op, String out, List<Stmt> body) {
        Node x = g.node(n.input(0));
        Shape s = x.shape();
        int axis = op.axis() < 0 ? op.axis() + s.rank() : op.axis();
        Slices sl = slices(s, axis);
        Kind k = ProgramBuilder.kind(n.dtype());
        String in = storage[owner(x.id())];
        String o = locals.fresh("o");
        String q = locals.fresh("q");
        String a = locals.fresh("a");
        String max = locals.fresh("max");
        String sum = locals.fresh("sum");
        Expr base = Exprs.add(Exprs.mul(Exprs.local(o, Kind.I32), pb.size(sl.length().times(sl.inner()))),
                Exprs.local(q, Kind.I32));
        Expr at = Exprs.add(base, Exprs.mul(Exprs.local(a, Kind.I32), pb.size(sl.inner())));
        Expr xv = new Expr.Load(in, k, at);
        Expr maxv = Exprs.local(max, k);
        Expr sumv = Exprs.local(sum, k);
        Expr len = pb.size(sl.length());
        Expr shifted = Exprs.apply(Fn.SUB, k, xv, maxv);
        Expr result = op.log()
                ? Exprs.apply(Fn.SUB, k, shifted, Exprs.apply(Fn.LOG, k, sumv))
                : Exprs.apply(Fn.DIV, k, Exprs.apply(Fn.EXP, k, shifted), sumv);
        List<Stmt> slice = List.of(
                new Stmt.Declare(max, k, Exprs.constant(k, Double.NEGATIVE_INFINITY)),
                new Stmt.For(a, Exprs.i32(0), len, List.of(new Stmt.Assign(max, Exprs.apply(Fn.MAX, k, maxv, xv)))),
                new Stmt.Declare(sum, k, Exprs.constant(k, 0)),
                new Stmt.For(a, Exprs.i32(0), len, List.of(new Stmt.Assign(sum,
                        Exprs.apply(Fn.ADD, k, sumv, Exprs.apply(Fn.EXP, k, shifted))))),
                new Stmt.For(a, Exprs.i32(0), len, List.of(new Stmt.Store(out, at, result))));
        body.add(new Stmt.For(o, Exprs.i32(0), pb.size(sl.outer()),
                List.of(new Stmt.For(q, Exprs.i32(0), pb.size(sl.inner()), slice))));
    }

    private void crossEntropy(Node n, String out, List<Stmt> body) {
        Node logits = g.node(n.input(0));
        Node labels = g.node(n.input(1));
        Shape s = logits.shape();
        Kind k = ProgramBuilder.kind(n.dtype());
        String in = storage[owner(logits.id())];
        String lab = storage[owner(labels.id())];
        Size classes = Size.of(s.dim(s.rank() - 1));
        Size examples = s.rank() == 2 ? Size.of(s.dim(0)) : Size.ONE;
        String labelName = labels.op() instanceof Leaves.Input li ? li.inputName() : "labels";
        String e = locals.fresh("n");
        String c = locals.fresh("c");
        String max = locals.fresh("max");
        String sum = locals.fresh("sum");
        String label = locals.fresh("label");
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
        body.add(new Stmt.For(e, Exprs.i32(0), pb.size(examples), perExample));
    }
}
