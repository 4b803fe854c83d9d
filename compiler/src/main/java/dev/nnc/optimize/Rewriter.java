package dev.nnc.optimize;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a graph node by node into a new one. A pass supplies a {@link Rule} that says what
 * each old node becomes, given its inputs already mapped into the new graph; names, outputs
 * and the origins of backward nodes follow the mapping.
 */
final class Rewriter {

    interface Rule {
        /** The id in {@code r.graph()} that stands for {@code old}. */
        int rewrite(Rewriter r, Node old, List<Integer> inputs);
    }

    private final Graph out = new Graph();
    private final int[] map;
    private Node current;

    private Rewriter(int size) {
        map = new int[size];
        Arrays.fill(map, -1);
    }

    /** Rewrites every node of {@code in} that {@code keep} holds (every node when null). */
    static Graph run(Graph in, BitSet keep, Rule rule) {
        Rewriter r = new Rewriter(in.size());
        for (Node n : in.nodes()) {
            if (keep != null && !keep.get(n.id())) {
                continue;
            }
            List<Integer> inputs = new ArrayList<>(n.inputs().size());
            for (int i : n.inputs()) {
                if (r.map[i] < 0) {
                    throw new IllegalStateException("node %" + n.id() + " uses %" + i + ", which was dropped");
                }
                inputs.add(r.map[i]);
            }
            r.current = n;
            r.map[n.id()] = rule.rewrite(r, n, inputs);
        }
        for (Map.Entry<String, Integer> e : in.names().entrySet()) {
            int mapped = r.map[e.getValue()];
            if (mapped >= 0) {
                r.out.bind(e.getKey(), mapped);
            }
        }
        for (String name : in.outputs()) {
            if (r.out.names().containsKey(name)) {
                r.out.markOutput(name);
            }
        }
        return r.out;
    }

    Graph graph() {
        return out;
    }

    Node node(int newId) {
        return out.node(newId);
    }

    /** Adds a node in the new graph that stands where the current old node stood. */
    int emit(Op op, List<Integer> inputs) {
        Node.Origin origin = current.origin();
        if (origin != null) {
            int forward = origin.forward() >= 0 && origin.forward() < map.length ? map[origin.forward()] : -1;
            origin = new Node.Origin(forward, origin.rule());
        }
        return out.add(op, inputs, current.span(), origin).id();
    }

    int emit(Op op, Integer... inputs) {
        return emit(op, List.of(inputs));
    }

    /** Copies the current old node unchanged, on its mapped inputs. */
    int copy(Node old, List<Integer> inputs) {
        return emit(old.op(), inputs);
    }
}
