package dev.nnc.cli;

import dev.nnc.ir.Graph;
import dev.nnc.ir.GraphPrinter;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.ops.Leaves;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code nnc check} says about a good model:
 *
 * <pre>
 * samples/fashion_mlp.nn: model fashion_mlp, dtype f32
 *   input   x       [B, 784]
 *   input   y       int[B]
 *   param   W1      [784, 256]  200,704  he_uniform
 *   param   b1      [256]           256  zeros
 *   output  logits  [B, 10]
 *   loss    loss    []
 *   200,960 parameters in 2 tensors
 *   train   adam(lr = 0.001, ...), batch 128, epochs 5, seed 42
 * </pre>
 */
final class ModelSummary {

    private ModelSummary() {}

    static String render(String file, Model model) {
        Graph graph = model.graph();
        List<String[]> rows = new ArrayList<>();
        long parameters = 0;
        for (Node n : graph.inputs()) {
            Leaves.Input in = (Leaves.Input) n.op();
            String note = in.defaultValue() == null ? "" : "default " + GraphPrinter.brief(in.defaultValue(), n.dtype());
            rows.add(row("input", in.inputName(), n.type().toString(), "", note));
        }
        for (Node n : graph.params()) {
            Leaves.Param p = (Leaves.Param) n.op();
            String count = "?";
            if (n.shape().isFixed()) {
                long c = n.shape().elementCount();
                parameters += c;
                count = String.format(Locale.ROOT, "%,d", c);
            }
            rows.add(row("param", p.paramName(), n.type().toString(), count, p.init().describe()));
        }
        for (String name : graph.outputs()) {
            rows.add(row("output", name, graph.named(name).type().toString(), "", ""));
        }
        if (model.hasLoss()) {
            Node loss = graph.node(model.loss());
            String name = graph.nameOf(loss.id());
            rows.add(row("loss", name == null ? "%" + loss.id() : name, loss.type().toString(), "", ""));
        }

        StringBuilder out = new StringBuilder();
        out.append(file).append(": model ").append(model.name()).append(", dtype ").append(model.dtype()).append('\n');
        int[] widths = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            line.append(padRight(r[0], widths[0])).append("  ");
            line.append(padRight(r[1], widths[1])).append("  ");
            line.append(padRight(r[2], widths[2])).append("  ");
            line.append(padLeft(r[3], widths[3])).append("  ");
            line.append(r[4]);
            out.append(line.toString().stripTrailing()).append('\n');
        }
        if (!model.hasLoss()) {
            out.append("  no loss: the model can be run but not trained\n");
        }
        int tensors = graph.params().size();
        out.append(String.format(Locale.ROOT, "  %,d parameter%s in %d tensor%s\n",
                parameters, parameters == 1 ? "" : "s", tensors, tensors == 1 ? "" : "s"));
        out.append("  ").append(padRight("train", Math.max(widths[0], 5))).append("  ")
                .append(GraphPrinter.describe(model.train())).append('\n');
        return out.toString();
    }

    private static String[] row(String kind, String name, String type, String count, String note) {
        return new String[] {kind, name, type, count, note};
    }

    private static String padRight(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }
}
