package dev.nnc.cli;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.DiagnosticPrinter;
import dev.nnc.front.CheckResult;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Differentiation;
import dev.nnc.ir.ops.Leaves;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nnc run FILE [--set NAME=LITERAL]...}: check a file, evaluate its forward pass and
 * print every named value in source order. Inputs take their default values and params their
 * initial values unless {@code --set} gives others.
 *
 * <p>A malformed {@code --set} (no '=', a name that is not an input or param, a literal that
 * does not parse or fit) is a command-line mistake, exit 2; data the model cannot run on (an
 * input with no value) is a mistake in the input, exit 1.
 */
@Command(name = "run",
        description = "Check a .nn file, evaluate its forward pass with the reference interpreter "
                + "and print every named value.",
        footer = {"", "Exit status: 0 on success, 1 for an error in the program or its data, "
                + "2 for a bad command line."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .nn file to run.")
    Path file;

    @Option(names = "--set", paramLabel = "NAME=LITERAL",
            description = "Give input or param NAME this value instead of its default, e.g. "
                    + "--set 'x=[0.5, 0.1]'. One number fills the declared shape. Repeatable.")
    List<String> settings = new ArrayList<>();

    static final String GRAD_NOT_YET =
            "grad(...) cannot be evaluated yet: differentiation arrives in a later version of nnc";

    private final Toolchain tools;

    RunCommand(Toolchain tools) {
        this.tools = tools;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CheckResult result = tools.check().apply(file);
        int errors = CheckCommand.printDiagnostics(result, err);
        if (errors > 0) {
            err.println(CheckCommand.countLine(errors, 1));
            return Exit.USER_ERROR;
        }
        Model model = result.model();
        Map<String, Tensor> feeds = feeds(model);

        List<String> missing = new ArrayList<>();
        for (Node n : model.graph().inputs()) {
            Leaves.Input in = (Leaves.Input) n.op();
            if (in.defaultValue() == null && !feeds.containsKey(in.inputName())) {
                missing.add(in.inputName());
            }
        }
        if (!missing.isEmpty()) {
            for (String name : missing) {
                err.println("error: input '" + name + "' has no default value; give it one with --set "
                        + name + "=LITERAL");
            }
            return Exit.USER_ERROR;
        }

        // Until the differentiation pass expands grad(...) nodes, the interpreter cannot
        // evaluate them: say so at the first one, as a diagnostic with its place.
        for (Node n : model.graph().nodes()) {
            if (n.op() instanceof Differentiation.Grad) {
                Diagnostic d = n.span() == null
                        ? Diagnostic.fileError(file.toString(), GRAD_NOT_YET)
                        : Diagnostic.error(n.span(), GRAD_NOT_YET);
                err.print(DiagnosticPrinter.render(d));
                return Exit.USER_ERROR;
            }
        }

        // Format every value before printing any, so a failure leaves no half-printed run.
        List<String> lines = new ArrayList<>();
        try {
            Function<String, Tensor> values = tools.forward().run(model, feeds);
            Graph graph = model.graph();
            for (Map.Entry<String, Integer> named : graph.names().entrySet()) {
                Node node = graph.node(named.getValue());
                lines.add(TensorText.line(named.getKey(), values.apply(named.getKey()), !node.dtype().isFloat()));
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            err.println("error: " + (e.getMessage() == null ? "this model cannot be evaluated" : e.getMessage()));
            return Exit.USER_ERROR;
        }
        lines.forEach(out::println);
        return Exit.OK;
    }

    /** The --set values by the name of the input or param they replace. */
    private Map<String, Tensor> feeds(Model model) {
        Graph graph = model.graph();
        List<String> settable = new ArrayList<>();
        for (Node n : graph.nodes()) {
            String name = leafName(n);
            if (name != null) {
                settable.add(name);
            }
        }
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw usage("--set expects NAME=LITERAL, got '" + setting + "'");
            }
            String name = setting.substring(0, eq).trim();
            String literal = setting.substring(eq + 1);
            Node node = graph.named(name);
            String leaf = node == null ? null : leafName(node);
            if (node == null) {
                String near = Spelling.closest(name, settable);
                throw usage("--set " + name + ": " + file + " has no input or param named '" + name + "'"
                        + (near == null ? "" : "; did you mean '" + near + "'?"));
            }
            if (leaf == null) {
                throw usage("--set " + name + ": '" + name + "' is computed, not an input or a param; "
                        + "only inputs and params can be set");
            }
            if (feeds.containsKey(leaf)) {
                throw usage("--set " + name + ": '" + leaf + "' is set twice");
            }
            try {
                feeds.put(leaf, tools.literal().apply(literal, node.type()));
            } catch (IllegalArgumentException e) {
                throw usage("--set " + name + ": " + e.getMessage());
            }
        }
        return feeds;
    }

    /** The declared name of an input or param node; null for any other node. */
    private static String leafName(Node n) {
        if (n.op() instanceof Leaves.Input in) {
            return in.inputName();
        }
        if (n.op() instanceof Leaves.Param p) {
            return p.paramName();
        }
        return null;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
