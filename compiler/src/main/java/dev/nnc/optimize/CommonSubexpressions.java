package dev.nnc.optimize;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Common-subexpression elimination: two nodes with equal ops on the same inputs are one
 * node. Ops are values (their attributes are fields), so equality is the op's {@code equals}.
 * Across forward and backward this is what makes the backward pass reuse forward values.
 */
public final class CommonSubexpressions {

    private record Key(Op op, List<Integer> inputs) {}

    private CommonSubexpressions() {}

    public static Graph run(Graph in) {
        Map<Key, Integer> seen = new HashMap<>();
        return Rewriter.run(in, null, (r, old, inputs) ->
                seen.computeIfAbsent(new Key(old.op(), inputs), k -> r.copy(old, inputs)));
    }
}
