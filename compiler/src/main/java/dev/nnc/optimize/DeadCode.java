package dev.nnc.optimize;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.ops.Leaves;
import java.util.BitSet;
import java.util.Collection;

/**
 * Dead-code elimination: keeps the nodes the roots depend on, and every input and param (they
 * are the model's interface, used or not). Names of dropped nodes disappear with them.
 */
public final class DeadCode {

    private DeadCode() {}

    /** Keeps what any named value needs. */
    public static Graph run(Graph in) {
        return run(in, in.names().keySet());
    }

    /** Keeps what the named {@code roots} need. */
    public static Graph run(Graph in, Collection<String> roots) {
        BitSet live = new BitSet(in.size());
        for (String r : roots) {
            Node n = in.named(r);
            if (n != null) {
                live.set(n.id());
            }
        }
        for (Node n : in.nodes()) {
            if (n.op() instanceof Leaves.Input || n.op() instanceof Leaves.Param) {
                live.set(n.id());
            }
        }
        for (int id = in.size() - 1; id >= 0; id--) {
            if (live.get(id)) {
                for (int i : in.node(id).inputs()) {
                    live.set(i);
                }
            }
        }
        return Rewriter.run(in, live, Rewriter::copy);
    }
}
