package dev.nnc.ir;

import dev.nnc.ir.ops.Leaves;
import dev.nnc.syntax.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IR: typed, shaped nodes in topological order (a node's inputs always come before it),
 * and the names the program gave to some of them.
 *
 * <p>A graph only grows: {@link #add} appends a node after checking it with its op's shape
 * rule. Passes that rewrite build a new graph.
 */
public final class Graph {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Integer> names = new LinkedHashMap<>();
    private final List<String> outputs = new ArrayList<>();

    /**
     * Appends {@code op} applied to {@code inputs}.
     *
     * @throws ShapeException from the op's shape rule when the operands do not fit
     */
    public Node add(Op op, List<Integer> inputs, Span span) {
        return add(op, inputs, span, null);
    }

    /** Appends a node that a derivative rule made for the forward node {@code origin.forward()}. */
    public Node add(Op op, List<Integer> inputs, Span span, Node.Origin origin) {
        if (op.arity() >= 0 && op.arity() != inputs.size()) {
            throw new IllegalArgumentException(op.name() + " takes " + op.arity() + " operands, got " + inputs.size());
        }
        List<TensorType> types = new ArrayList<>(inputs.size());
        for (int in : inputs) {
            types.add(node(in).type());
        }
        TensorType type = op.infer(types);
        Node node = new Node(nodes.size(), op, inputs, type, span, origin);
        nodes.add(node);
        return node;
    }

    public Node add(Op op, Span span, Node... inputs) {
        List<Integer> ids = new ArrayList<>(inputs.length);
        for (Node n : inputs) {
            ids.add(n.id());
        }
        return add(op, ids, span);
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public int size() {
        return nodes.size();
    }

    /** Gives {@code name} to node {@code id}. Names are bound once. */
    public void bind(String name, int id) {
        if (names.putIfAbsent(name, id) != null) {
            throw new IllegalStateException("'" + name + "' is already bound");
        }
    }

    public void markOutput(String name) {
        if (!names.containsKey(name)) {
            throw new IllegalArgumentException("no value named '" + name + "'");
        }
        outputs.add(name);
    }

    /** Every named value in the order the program bound them. */
    public Map<String, Integer> names() {
        return Collections.unmodifiableMap(names);
    }

    public Node named(String name) {
        Integer id = names.get(name);
        return id == null ? null : nodes.get(id);
    }

    /** The names of the values {@code predict} returns, in source order. */
    public List<String> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    /** The first name bound to a node, or null. */
    public String nameOf(int id) {
        for (Map.Entry<String, Integer> e : names.entrySet()) {
            if (e.getValue() == id) {
                return e.getKey();
            }
        }
        return null;
    }

    public List<Node> inputs() {
        return nodes.stream().filter(n -> n.op() instanceof Leaves.Input).toList();
    }

    public List<Node> params() {
        return nodes.stream().filter(n -> n.op() instanceof Leaves.Param).toList();
    }
}
