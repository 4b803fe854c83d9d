package dev.nnc.ir;

import dev.nnc.ir.ops.Leaves;
import java.util.Map;

/**
 * A graph as Graphviz DOT: one box per node labelled with its name, op and shape; forward
 * nodes in one colour, the nodes that differentiation added in another, leaves as ellipses.
 */
public final class GraphDot {
    private static final String FORWARD = "#dbe9f6";
    private static final String BACKWARD = "#f8dcc8";
    private static final String LEAF = "#e4f2dc";

    private GraphDot() {}

    public static String render(String title, Graph graph) {
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(quote(title)).append(" {\n");
        out.append("  rankdir=TB;\n");
        out.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n");
        out.append("  edge [color=\"#555555\", arrowsize=0.6];\n");
        for (Node n : graph.nodes()) {
            String name = graph.nameOf(n.id());
            StringBuilder label = new StringBuilder();
            if (name != null) {
                label.append(name).append("\\n");
            }
            label.append(escape(shortOp(n))).append("\\n").append(escape(n.type().toString()));
            String colour = n.op() instanceof Leaves.Leaf ? LEAF : n.isBackward() ? BACKWARD : FORWARD;
            out.append("  n").append(n.id()).append(" [label=\"").append(label).append("\", fillcolor=\"")
                    .append(colour).append('"');
            if (n.op() instanceof Leaves.Leaf) {
                out.append(", shape=ellipse");
            }
            out.append("];\n");
        }
        for (Node n : graph.nodes()) {
            for (int in : n.inputs()) {
                out.append("  n").append(in).append(" -> n").append(n.id()).append(";\n");
            }
        }
        for (Map.Entry<String, Integer> e : graph.names().entrySet()) {
            if (graph.nameOf(e.getValue()) != null && !graph.nameOf(e.getValue()).equals(e.getKey())) {
                out.append("  // ").append(e.getKey()).append(" is n").append(e.getValue()).append('\n');
            }
        }
        out.append("}\n");
        return out.toString();
    }

    private static String shortOp(Node n) {
        if (n.op() instanceof Leaves.Input) {
            return "input";
        }
        if (n.op() instanceof Leaves.Param) {
            return "param";
        }
        if (n.op() instanceof Leaves.Constant c) {
            return c.value().size() <= 4 ? c.value().toString() : "const";
        }
        return n.op().name();
    }

    private static String quote(String s) {
        return "\"" + escape(s) + "\"";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
