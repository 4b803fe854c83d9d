package dev.nnc.lower;

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
import dev.nnc.ir.ops.Shapes;
import dev.nnc.ir.ops.Softmax;
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
    private final Fusion fusion;
    private final LoopKernels kernels;

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
        fusion = new Fusion(this, pb, g);
        kernels = new LoopKernels(this, pb, g, fusion);
    }

    // What the kernel writers ask about the function's nodes.

    boolean isConstant(int id) {
        return mode[id] == Mode.CONST;
    }

    boolean isInline(int id) {
        return mode[id] == Mode.INLINE;
    }

    /** The buffer holding a stored node's elements (a reshape's is its operand's). */
    String buffer(int id) {
        return storage[owner(id)];
    }

    /** The locals of the kernel being written. */
    Names locals() {
        return locals;
    }

    /** A matmul's operands after folding transposes: {source A, A transposed (0/1), source B, B transposed}. */
    int[] matmulSources(int id) {
        return matmul.get(id);
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
    List<Integer> reads(Node n) {
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
        return Fusion.isOne(s);
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
        fusion.mapLoops(n, target, false, body);
        return finish("copy_" + Names.legal(target), "copies " + describe(n) + " into " + target, body);
    }

    private Stmt kernel(Node n, String out, boolean compute) {
        locals = new Names(pb.fields);
        List<Stmt> body = new ArrayList<>();
        Op op = n.op();
        if (isMapOp(op) || op instanceof Reductions.Count || op instanceof Leaves.Constant) {
            fusion.mapLoops(n, out, compute, body);
        } else if (op instanceof Reductions.Reduce || op instanceof BroadcastOps.SumLike) {
            kernels.reduce(n, out, body);
        } else if (op instanceof MatMul) {
            kernels.matmul(n, out, body);
        } else if (op instanceof Softmax s) {
            kernels.softmax(n, s, out, body);
        } else if (op instanceof Losses.CrossEntropy) {
            kernels.crossEntropy(n, out, body);
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

}
