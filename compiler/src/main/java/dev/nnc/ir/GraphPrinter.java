package dev.nnc.ir;

import dev.nnc.ir.ops.Leaves;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The readable text form of a graph, one node per line:
 *
 * <pre>
 * model mazur
 * dtype f64
 *
 * %0   x      = input x default [0.05, 0.1]   [2]     f64  line 5
 * %4   net_h  = add %2, %3                    [2]     f64  line 13
 *
 * outputs  o = %9
 * loss     %12
 * train    sgd(lr = 0.5, ...), batch 32, epochs 1, seed 0
 * </pre>
 *
 * <p>Columns: id, the names the program bound to the node, the op ({@link Op#name()}) with its
 * operands, shape, dtype, the source line the node came from, and for a node of the backward
 * pass the forward node whose derivative rule made it ({@code from %11 sigmoid}). Leaves add what they start
 * from: a param its initialiser, an input its default value. The text is deterministic and has
 * no trailing spaces, because golden tests compare it.
 */
public final class GraphPrinter {
    /** Columns are aligned up to these widths; a longer cell pushes the rest of its own line. */
    private static final int MAX_NAME_WIDTH = 16;
    private static final int MAX_OP_WIDTH = 40;
    /** Tensors up to this many values print in full inside a node line. */
    private static final int BRIEF_VALUES = 8;

    private GraphPrinter() {}

    /** The model's header, its nodes and a footer with outputs, loss and train settings. */
    public static String print(Model model) {
        StringBuilder out = new StringBuilder();
        out.append("model ").append(model.name()).append('\n');
        out.append("dtype ").append(model.dtype()).append('\n');
        out.append('\n');
        appendNodes(out, model.graph());
        out.append('\n');
        appendOutputs(out, model.graph());
        out.append("loss     ").append(model.hasLoss() ? "%" + model.loss() : "(none)").append('\n');
        out.append("train    ").append(describe(model.train())).append('\n');
        return out.toString();
    }

    /** The nodes of a graph and its outputs, without a model around it. */
    public static String print(Graph graph) {
        StringBuilder out = new StringBuilder();
        appendNodes(out, graph);
        out.append('\n');
        appendOutputs(out, graph);
        return out.toString();
    }

    /** Train settings on one line: {@code sgd(lr = 0.5, ...), batch 32, epochs 1, seed 0}. */
    public static String describe(TrainSettings train) {
        String text = train.optimizer().describe() + ", batch " + train.batch() + ", epochs " + train.epochs()
                + ", seed " + train.seed();
        return train.clipNorm() > 0 ? text + ", clip_norm " + train.clipNorm() : text;
    }

    private static void appendNodes(StringBuilder out, Graph graph) {
        Map<Integer, String> names = namesById(graph);
        List<String[]> rows = new ArrayList<>();
        for (Node node : graph.nodes()) {
            rows.add(new String[] {
                "%" + node.id(),
                names.getOrDefault(node.id(), ""),
                opText(node),
                node.shape().toString(),
                node.dtype().toString(),
                node.span() == null ? "" : "line " + node.span().line(),
                origin(node),
            });
        }
        int idWidth = width(rows, 0, Integer.MAX_VALUE);
        int nameWidth = width(rows, 1, MAX_NAME_WIDTH);
        int opWidth = width(rows, 2, MAX_OP_WIDTH);
        int shapeWidth = width(rows, 3, Integer.MAX_VALUE);
        int dtypeWidth = width(rows, 4, Integer.MAX_VALUE);
        int lineWidth = width(rows, 5, Integer.MAX_VALUE);
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            pad(line, row[0], idWidth).append("  ");
            pad(line, row[1], nameWidth).append(" = ");
            pad(line, row[2], opWidth).append("  ");
            pad(line, row[3], shapeWidth).append("  ");
            pad(line, row[4], dtypeWidth).append("  ");
            pad(line, row[5], lineWidth).append("  ");
            line.append(row[6]);
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** For a node the differentiation pass added: the forward node and the rule that made it. */
    private static String origin(Node node) {
        if (node.origin() == null) {
            return "";
        }
        int forward = node.origin().forward();
        return "from " + (forward >= 0 ? "%" + forward : "(removed)") + " " + node.origin().rule();
    }

    private static void appendOutputs(StringBuilder out, Graph graph) {
        List<String> outputs = new ArrayList<>();
        for (String name : graph.outputs()) {
            outputs.add(name + " = %" + graph.named(name).id());
        }
        out.append("outputs  ").append(outputs.isEmpty() ? "(none)" : String.join(", ", outputs)).append('\n');
    }

    /** Every name bound to each node, in binding order ({@code y = x} gives a node two names). */
    private static Map<Integer, String> namesById(Graph graph) {
        Map<Integer, String> byId = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : graph.names().entrySet()) {
            byId.merge(e.getValue(), e.getKey(), (a, b) -> a + ", " + b);
        }
        return byId;
    }

    private static String opText(Node node) {
        StringBuilder text = new StringBuilder(node.op().name());
        for (int i = 0; i < node.inputs().size(); i++) {
            text.append(i == 0 ? " " : ", ").append('%').append(node.input(i));
        }
        if (node.op() instanceof Leaves.Param p) {
            text.append(" init ").append(p.init().describe());
        } else if (node.op() instanceof Leaves.Input in && in.defaultValue() != null) {
            text.append(" default ").append(brief(in.defaultValue(), in.type().dtype()));
        }
        return text.toString();
    }

    /** A small tensor in full; a larger one only by its size, to keep node lines short. */
    public static String brief(Tensor value, DType dtype) {
        if (value.size() > BRIEF_VALUES) {
            return "(" + value.size() + " values)";
        }
        return dtype.isFloat() ? value.toString() : integers(value);
    }

    /** Nested-list text of an integer tensor: {@code [0, 1]} rather than {@code [0.0, 1.0]}. */
    private static String integers(Tensor value) {
        StringBuilder sb = new StringBuilder();
        appendIntegers(sb, value.shape(), value.data(), 0, 0);
        return sb.toString();
    }

    private static int appendIntegers(StringBuilder sb, int[] shape, double[] data, int axis, int offset) {
        if (axis == shape.length) {
            sb.append((long) data[offset]);
            return offset + 1;
        }
        sb.append('[');
        for (int i = 0; i < shape[axis]; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            offset = appendIntegers(sb, shape, data, axis + 1, offset);
        }
        sb.append(']');
        return offset;
    }

    private static int width(List<String[]> rows, int column, int max) {
        int w = 0;
        for (String[] row : rows) {
            w = Math.max(w, Math.min(row[column].length(), max));
        }
        return w;
    }

    private static StringBuilder pad(StringBuilder line, String cell, int width) {
        line.append(cell);
        for (int i = cell.length(); i < width; i++) {
            line.append(' ');
        }
        return line;
    }
}
