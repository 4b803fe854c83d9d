package dev.nnc.cli;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.optimize.Passes;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nnc grad FILE [--of NAME] [--set NAME=LITERAL]... [--json]}: the value of an objective
 * (default {@code loss}), every named value, and the gradient of the objective with respect to
 * every param and every float input, at the default inputs and initial params (or those set).
 */
@Command(name = "grad",
        description = "Differentiate a .nn program: print the objective's value, every named value, and "
                + "the gradient of the objective with respect to every param and float input.",
        footer = {"", "Exit status: 0 on success, 1 for an error in the program or its data, "
                + "2 for a bad command line."})
final class GradCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .nn file to differentiate.")
    Path file;

    @Option(names = "--of", paramLabel = "NAME", defaultValue = "loss",
            description = "The scalar to differentiate (default: ${DEFAULT-VALUE}).")
    String objective;

    @Option(names = "--set", paramLabel = "NAME=LITERAL",
            description = "Give input or param NAME this value instead of its default. Repeatable.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object: model, objective, value, values, grads.")
    boolean json;

    @Option(names = "--no-opt", description = "Skip the graph optimisation passes (for debugging nnc).")
    boolean noOpt;

    private final Toolchain tools;

    GradCommand(Toolchain tools) {
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
        if (Objective.resolve(spec.commandLine(), file, model, objective, err) == null) {
            return Exit.USER_ERROR;
        }
        Map<String, Tensor> feeds = Feeds.parse(spec.commandLine(), file, model, settings, tools);
        if (!Feeds.complete(model, feeds, err)) {
            return Exit.USER_ERROR;
        }

        Differentiate.Gradients grads = Differentiate.gradients(model, objective);
        Model derived = grads.model();
        if (!noOpt) {
            Graph optimized = Passes.optimize(derived.graph());
            Node loss = optimized.named("loss");
            derived = new Model(derived.name(), derived.dtype(), optimized, loss == null ? -1 : loss.id(),
                    derived.train());
        }
        Function<String, Tensor> values;
        try {
            values = tools.forward().run(derived, feeds);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Exit.USER_ERROR;
        }

        Graph source = model.graph();
        if (json) {
            Map<String, String> named = new LinkedHashMap<>();
            for (String name : source.names().keySet()) {
                named.put(name, Json.tensor(values.apply(name), !source.named(name).dtype().isFloat()));
            }
            Map<String, String> gradients = new LinkedHashMap<>();
            for (int i = 0; i < grads.targets().size(); i++) {
                gradients.put(grads.targets().get(i), Json.tensor(values.apply(grads.gradientNames().get(i)), false));
            }
            Map<String, String> top = new LinkedHashMap<>();
            top.put("model", Json.string(model.name()));
            top.put("objective", Json.string(objective));
            top.put("value", Json.number(values.apply(objective).item()));
            top.put("values", Json.object(named));
            top.put("grads", Json.object(gradients));
            out.println(Json.object(top));
            return Exit.OK;
        }
        out.println(objective + " = " + Double.toString(values.apply(objective).item()));
        out.println();
        out.println("values:");
        for (String name : source.names().keySet()) {
            Node node = source.named(name);
            out.println(TensorText.line("  " + name, values.apply(name), !node.dtype().isFloat()));
        }
        out.println();
        out.println("gradients of " + objective + ":");
        for (int i = 0; i < grads.targets().size(); i++) {
            out.println(TensorText.line("  d" + objective + "/d" + grads.targets().get(i),
                    values.apply(grads.gradientNames().get(i)), false));
        }
        return Exit.OK;
    }
}
