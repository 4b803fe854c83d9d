package dev.nnc.cli;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.ir.Graph;
import dev.nnc.ir.GraphDot;
import dev.nnc.ir.Model;
import dev.nnc.optimize.Passes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code nnc graph FILE [-o out.dot|out.svg] [--backward]}: the graph as Graphviz DOT, on
 * stdout or in a file; an .svg file is drawn by the {@code dot} program when it is installed.
 */
@Command(name = "graph",
        description = "Print the graph of a .nn program as Graphviz DOT (forward nodes in blue, "
                + "backward in orange), or draw it as SVG.",
        footer = {"", "Exit status: 0 on success, 1 for an error in the program or a missing 'dot', "
                + "2 for a bad command line."})
final class GraphCommand extends ModelCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The .nn file.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write to OUT instead of stdout: a .dot file, or an .svg drawn with Graphviz's dot.")
    Path output;

    @Option(names = "--backward",
            description = "Include the backward pass: the gradient of loss with respect to every param.")
    boolean backward;

    @Option(names = "--no-opt", description = "Skip the graph optimisation passes.")
    boolean noOpt;

    GraphCommand(Toolchain tools) {
        super(tools);
    }

    @Override
    Path file() {
        return file;
    }

    @Override
    int run(Model model, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        Graph graph;
        if (backward) {
            if (!model.hasLoss()) {
                err.println("error: " + file + " defines no loss, so it has no backward pass");
                return Exit.USER_ERROR;
            }
            graph = Differentiate.gradients(model, "loss").model().graph();
        } else {
            graph = Differentiate.expandGrads(model).graph();
        }
        if (!noOpt) {
            graph = Passes.optimize(graph);
        }
        String dot = GraphDot.render(model.name(), graph);
        if (output == null) {
            out.print(dot);
            return Exit.OK;
        }
        String name = output.getFileName().toString();
        if (name.endsWith(".svg")) {
            return svg(dot, err);
        }
        if (!name.endsWith(".dot") && !name.endsWith(".gv")) {
            throw new ParameterException(spec.commandLine(), "-o " + output + ": the output must end in .dot or .svg");
        }
        Files.writeString(output, dot, StandardCharsets.UTF_8);
        return Exit.OK;
    }

    private int svg(String dot, PrintWriter err) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of("dot", "-Tsvg", "-o", output.toString()))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            err.println("error: drawing " + output + " needs Graphviz's 'dot' program, which is not installed");
            err.println("  hint: install it with 'apt-get install graphviz', or write DOT with -o "
                    + output.getFileName().toString().replaceAll("\\.svg$", ".dot"));
            return Exit.USER_ERROR;
        }
        p.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            err.println("error: dot did not finish drawing " + output + " within 60 seconds");
            return Exit.USER_ERROR;
        }
        if (p.exitValue() != 0) {
            err.println("error: dot failed to draw " + output + ": " + messages.strip());
            return Exit.USER_ERROR;
        }
        return Exit.OK;
    }
}
