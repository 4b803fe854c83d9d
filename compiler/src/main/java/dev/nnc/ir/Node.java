package dev.nnc.ir;

import dev.nnc.syntax.Span;
import java.util.List;

/**
 * One value of the graph: an op applied to earlier nodes. {@code span} is the source text the
 * node came from (for an inlined function, the text inside the function body). Nodes that the
 * differentiation pass adds have an {@code origin}: the forward node whose derivative rule
 * made them; forward nodes have none.
 */
public record Node(int id, Op op, List<Integer> inputs, TensorType type, Span span, Origin origin) {

    /** Which forward node's derivative rule created a backward node, and which rule. */
    public record Origin(int forward, String rule) {}

    public Node {
        inputs = List.copyOf(inputs);
    }

    public Node(int id, Op op, List<Integer> inputs, TensorType type, Span span) {
        this(id, op, inputs, type, span, null);
    }

    public Shape shape() {
        return type.shape();
    }

    public DType dtype() {
        return type.dtype();
    }

    public int input(int i) {
        return inputs.get(i);
    }

    public boolean isBackward() {
        return origin != null;
    }
}
