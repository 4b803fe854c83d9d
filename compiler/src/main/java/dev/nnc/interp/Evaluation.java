package dev.nnc.interp;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What one run of the interpreter computed: the value of every node, by node id, and the size
 * each symbolic dimension took.
 */
public record Evaluation(Graph graph, List<Tensor> values, Map<String, Integer> bindings) {

    public Evaluation {
        values = List.copyOf(values);
        bindings = Map.copyOf(bindings);
    }

    public Tensor value(int id) {
        return values.get(id);
    }

    /** The value the program named {@code name}. */
    public Tensor value(String name) {
        Integer id = graph.names().get(name);
        if (id == null) {
            throw new IllegalArgumentException("no value named '" + name + "'");
        }
        return values.get(id);
    }
}
