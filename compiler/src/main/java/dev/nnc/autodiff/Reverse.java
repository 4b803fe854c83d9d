package dev.nnc.autodiff;

import dev.nnc.ir.Emitter;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.ops.Differentiation;
import dev.nnc.ir.ops.Leaves;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation over the graph: appends to the same graph the nodes that
 * compute the gradient of a scalar with respect to chosen nodes. The result is ordinary IR,
 * so it can be optimised, printed, compiled, and differentiated again.
 *
 * <p>The sweep visits nodes from the objective back to the leaves. Each node's cotangent is
 * the sum over its uses (fan-out accumulates); each op's {@code vjp} turns it into its
 * operands' cotangents. Only nodes on a path from a target to the objective are visited, so
 * no gradient work is done for values that cannot matter; {@code stop_gradient}, consts and
 * integer tensors stop the sweep.
 */
public final class Reverse {

    private Reverse() {}

    /**
     * Appends gradient nodes of {@code objective} with respect to each of {@code targets} and
     * returns, for each target, the node holding its gradient (same shape as the target). A
     * target the objective does not depend on gets an explicit zero.
     */
    public static Map<Integer, Integer> gradients(Graph graph, int objective, List<Integer> targets) {
        Node f = graph.node(objective);
        if (!f.shape().isScalar() || !f.dtype().isFloat()) {
            throw new IllegalArgumentException("can only differentiate a float scalar, not " + f.type());
        }
        BitSet live = dependsOnTargets(graph, objective, targets);
        Map<Integer, Integer> cotangent = new HashMap<>();
        Emitter e = new Emitter(graph, live::get);
        e.at(f, "seed");
        cotangent.put(objective, e.constant(1.0));
        for (int id = objective; id >= 0; id--) {
            Integer g = cotangent.get(id);
            if (g == null || !live.get(id)) {
                continue;
            }
            Node node = graph.node(id);
            if (node.op() instanceof Leaves.Leaf) {
                continue;
            }
            e.at(node, node.op().name());
            int[] operandGrads = node.op().vjp(e, node, g);
            for (int i = 0; i < operandGrads.length; i++) {
                int in = node.input(i);
                if (operandGrads[i] == Emitter.NONE || !live.get(in)) {
                    continue;
                }
                checkShape(graph, node, i, operandGrads[i]);
                Integer previous = cotangent.get(in);
                if (previous == null) {
                    cotangent.put(in, operandGrads[i]);
                } else {
                    e.at(graph.node(in), "fan-out");
                    cotangent.put(in, e.add(previous, operandGrads[i]));
                    e.at(node, node.op().name());
                }
            }
        }
        Map<Integer, Integer> result = new LinkedHashMap<>();
        for (int t : targets) {
            Integer g = cotangent.get(t);
            if (g == null) {
                e.at(graph.node(t), "zero");
                g = e.broadcastLike(e.constant(0.0), t);
            }
            result.put(t, g);
        }
        return result;
    }

    /** A rule must give each operand a cotangent of the operand's own type; anything else is a bug. */
    private static void checkShape(Graph graph, Node node, int operand, int cotangent) {
        Node in = graph.node(node.input(operand));
        Node g = graph.node(cotangent);
        if (!g.type().equals(in.type())) {
            throw new IllegalStateException("the derivative rule of " + node.op().name() + " gave operand " + operand
                    + " of type " + in.type() + " a cotangent of type " + g.type() + ": a compiler bug");
        }
    }

    /**
     * The nodes through which a target can influence the objective: reachable forward from a
     * target without crossing stop_gradient or an integer value, and an ancestor of the
     * objective.
     */
    private static BitSet dependsOnTargets(Graph graph, int objective, List<Integer> targets) {
        BitSet fromTargets = new BitSet();
        for (int t : targets) {
            fromTargets.set(t);
        }
        for (Node n : graph.nodes()) {
            if (n.id() > objective) {
                break;
            }
            if (fromTargets.get(n.id()) || n.op() instanceof Differentiation.StopGradient || !n.dtype().isFloat()) {
                continue;
            }
            for (int in : n.inputs()) {
                if (fromTargets.get(in)) {
                    fromTargets.set(n.id());
                    break;
                }
            }
        }
        BitSet toObjective = new BitSet();
        toObjective.set(objective);
        for (int id = objective; id >= 0; id--) {
            if (!toObjective.get(id)) {
                continue;
            }
            for (int in : graph.node(id).inputs()) {
                toObjective.set(in);
            }
        }
        fromTargets.and(toObjective);
        return fromTargets;
    }
}
