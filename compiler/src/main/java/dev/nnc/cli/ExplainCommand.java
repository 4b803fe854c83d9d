package dev.nnc.cli;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.runtime.Spelling;
import dev.nnc.explain.ChainRule;
import dev.nnc.ir.Graph;
import dev.nnc.ir.GraphPrinter;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.optimize.Passes;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code nnc explain FILE [--wrt NAME[i, j]]}: the forward and backward graphs with every
 * backward node naming the forward node and rule it came from; or, with {@code --wrt}, the
 * chain of local derivatives from the loss to one weight, with their numbers.
 */
@Command(name = "explain",
        description = "Show how nnc differentiates a .nn program: the forward and backward graphs, "
                + "or with --wrt the chain rule for one weight, with numbers at the current values.",
        footer = {"", "Exit status: 0 on success, 1 for an error in the program or its data, "
                + "2 for a bad command line."})
final class ExplainCommand extends ModelCommand {
    private static final Pattern WRT = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\[([0-9,\\s]*)\\])?\\s*");

    @Parameters(index = "0", paramLabel = "FILE", description = "The .nn file.")
    Path file;

    @Option(names = "--wrt", paramLabel = "NAME[INDEX]",
            description = "A param or input: spell out the chain rule for one of its elements "
                    + "(the first, or the one indexed as W2[1, 0]).")
    String wrt;

    @Option(names = "--of", paramLabel = "NAME", defaultValue = "loss",
            description = "The scalar being differentiated (default: ${DEFAULT-VALUE}).")
    String objective;

    @Option(names = "--set", paramLabel = "NAME=LITERAL",
            description = "Give input or param NAME this value instead of its default. Repeatable.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--no-opt", description = "Show the backward graph before optimisation.")
    boolean noOpt;

    ExplainCommand(Toolchain tools) {
        super(tools);
    }

    @Override
    Path file() {
        return file;
    }

    @Override
    int run(Model model, PrintWriter out, PrintWriter err) {
        if (Objective.resolve(spec.commandLine(), file, model, objective, err) == null) {
            return Exit.USER_ERROR;
        }
        if (wrt == null) {
            return graphs(model, out);
        }
        Map<String, Tensor> feeds = Feeds.parse(spec.commandLine(), file, model, settings, tools);
        if (!Feeds.complete(model, feeds, err)) {
            return Exit.USER_ERROR;
        }
        return chain(model, feeds, out, err);
    }

    private int graphs(Model model, PrintWriter out) {
        Differentiate.Gradients grads = Differentiate.gradients(model, objective);
        Graph graph = grads.model().graph();
        if (!noOpt) {
            graph = Passes.optimize(graph);
        }
        out.println("model " + model.name() + " (" + model.dtype() + "): d" + objective
                + " with respect to every param and float input");
        out.println("Nodes with 'from %k rule' belong to the backward pass: the derivative rule of forward node %k made them.");
        out.println();
        out.print(GraphPrinter.print(graph));
        out.println();
        for (String name : grads.gradientNames()) {
            out.println(name + " = %" + graph.named(name).id());
        }
        return Exit.OK;
    }

    private int chain(Model model, Map<String, Tensor> feeds, PrintWriter out, PrintWriter err) {
        Matcher m = WRT.matcher(wrt);
        if (!m.matches()) {
            throw new ParameterException(spec.commandLine(), "--wrt expects NAME or NAME[i, j], got '" + wrt + "'");
        }
        String name = m.group(1);
        Node w = model.graph().named(name);
        List<String> leaves = new ArrayList<>();
        for (Node n : model.graph().nodes()) {
            String leaf = Feeds.leafName(n);
            if (leaf != null && n.dtype().isFloat()) {
                leaves.add(leaf);
            }
        }
        if (w == null || !(w.op() instanceof Leaves.Param || w.op() instanceof Leaves.Input) || !w.dtype().isFloat()) {
            throw new ParameterException(spec.commandLine(), "--wrt " + name + ": " + file
                    + " has no float param or input named '" + name + "'" + Spelling.didYouMean(name, leaves));
        }
        int[] index = index(m.group(2), w);
        ChainRule.Chain chain;
        try {
            chain = ChainRule.explain(model, objective, name, index, feeds);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Exit.USER_ERROR;
        }
        String lhs = "d" + chain.objective() + "/d" + chain.weight();
        List<String> symbols = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (ChainRule.Factor factor : chain.factors()) {
            symbols.add("d" + factor.upper() + "/d" + factor.lower());
            numbers.add(format(factor.value()));
        }
        if (chain.factors().size() == 1 && chain.factors().get(0).upper().equals(chain.objective())
                && hasIntermediates(model, name)) {
            out.println(lhs + " = " + format(chain.gradient()));
            out.println("No single chain: every value between " + chain.weight() + " and " + objective
                    + " has several elements that depend on it (one per example of a batch, or through a matrix"
                    + " product), so the derivative is a sum over paths. Explain one example with --set, e.g. a"
                    + " batch of one row.");
            return Exit.OK;
        }
        String indent = " ".repeat(lhs.length());
        out.println(lhs + " = " + String.join(" * ", symbols));
        if (chain.factors().size() > 1) {
            out.println(indent + " = " + String.join(" * ", numbers));
        }
        out.println(indent + " = " + format(chain.product()));
        if (Math.abs(chain.product() - chain.gradient()) > 1e-9 * Math.max(1, Math.abs(chain.gradient()))) {
            out.println("(the gradient computed directly is " + format(chain.gradient()) + ")");
        }
        return Exit.OK;
    }

    /** Whether anything is computed between the weight and the objective (not loss = w itself). */
    private boolean hasIntermediates(Model model, String weight) {
        Node w = model.graph().named(weight);
        Node f = model.graph().named(objective);
        return f.id() != w.id() && !f.inputs().contains(w.id());
    }

    private int[] index(String text, Node w) {
        int rank = w.shape().rank();
        if (text == null) {
            return new int[rank];
        }
        String[] parts = text.isBlank() ? new String[0] : text.split(",");
        if (parts.length != rank) {
            throw new ParameterException(spec.commandLine(), "--wrt " + wrt + ": " + Feeds.leafName(w) + " has shape "
                    + w.shape() + ", so it takes " + rank + (rank == 1 ? " index" : " indices"));
        }
        int[] index = new int[rank];
        for (int i = 0; i < rank; i++) {
            index[i] = Integer.parseInt(parts[i].trim());
            if (w.shape().dim(i).isFixed() && index[i] >= w.shape().dim(i).size()) {
                throw new ParameterException(spec.commandLine(), "--wrt " + wrt + ": index " + index[i]
                        + " is out of range for dimension " + i + " of " + w.shape());
            }
        }
        return index;
    }

    /**
     * Nine decimal places without trailing zeros, as worked examples print them (0.74136507,
     * 0.186815602); values too small for that in scientific notation.
     */
    static String format(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (Math.abs(v) < 1e-4) {
            return String.format("%.6e", v);
        }
        return new BigDecimal(v).setScale(9, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
