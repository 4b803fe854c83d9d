package dev.nnc.ir;

import dev.nnc.syntax.Span;
import java.util.List;

/**
 * One value of the graph: an op applied to earlier nodes. {@code span} is the source text the
 * node came from (for an inlined function, the text inside the function body).
 */
public record Node(int id, Op op, List<Integer> inputs, TensorType type, Span span) {

    public Node {
        inputs = List.copyOf(inputs);
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
}
