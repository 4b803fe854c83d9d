package dev.nnc.optimize;

import dev.nnc.ir.Graph;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The optimisation pipeline, run after differentiation: fold constants, simplify, merge
 * common subexpressions, drop dead code, and repeat while the graph keeps shrinking (one
 * rewrite often enables another: folding makes a 1, which makes x * 1 simplify).
 */
public final class Passes {
    /** Each round shrinks the graph or stops the loop, so this only bounds pathological cases. */
    private static final int MAX_ROUNDS = 10;

    public record Pass(String name, UnaryOperator<Graph> run) {}

    public static final List<Pass> ALL = List.of(
            new Pass("fold", ConstantFolding::run),
            new Pass("simplify", Simplify::run),
            new Pass("cse", CommonSubexpressions::run),
            new Pass("dce", DeadCode::run));

    private Passes() {}

    public static Graph optimize(Graph graph) {
        return optimize(graph, ALL);
    }

    public static Graph optimize(Graph graph, List<Pass> passes) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int before = graph.size();
            for (Pass p : passes) {
                graph = p.run().apply(graph);
            }
            if (graph.size() >= before) {
                break;
            }
        }
        return graph;
    }
}
