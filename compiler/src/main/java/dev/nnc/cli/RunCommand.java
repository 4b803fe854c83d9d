package dev.nnc.cli;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    private final Toolchain tools;

    RunCommand(Toolchain tools) {
        this.tools = tools;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Model model = CheckCommand.checked(tools, file, err);
        if (model == null) {
            return Exit.USER_ERROR;
        }
        Map<String, Tensor> feeds = Feeds.parse(spec.commandLine(), file, model, settings, tools);
        if (!Feeds.complete(model, feeds, err)) {
            return Exit.USER_ERROR;
        }

        // grad(f, v) means the derivative: expand it into the graph that computes it.
        model = Differentiate.expandGrads(model);

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
}
