package dev.nnc.cli;

import dev.nnc.runtime.Spelling;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Leaves;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --set NAME=LITERAL} values of a command, by the name of the input or param they
 * replace. A malformed setting is a command-line mistake (exit 2).
 */
final class Feeds {

    private Feeds() {}

    static Map<String, Tensor> parse(CommandLine cmd, Path file, Model model, List<String> settings,
            Toolchain tools) {
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
                throw new ParameterException(cmd, "--set expects NAME=LITERAL, got '" + setting + "'");
            }
            String name = setting.substring(0, eq).trim();
            String literal = setting.substring(eq + 1);
            Node node = graph.named(name);
            String leaf = node == null ? null : leafName(node);
            if (node == null) {
                throw new ParameterException(cmd, "--set " + name + ": " + file + " has no input or param named '"
                        + name + "'" + Spelling.didYouMean(name, settable));
            }
            if (leaf == null) {
                throw new ParameterException(cmd, "--set " + name + ": '" + name
                        + "' is computed, not an input or a param; only inputs and params can be set");
            }
            if (feeds.containsKey(leaf)) {
                throw new ParameterException(cmd, "--set " + name + ": '" + leaf + "' is set twice");
            }
            try {
                feeds.put(leaf, tools.literal().apply(literal, node.type()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cmd, "--set " + name + ": " + e.getMessage());
            }
        }
        return feeds;
    }

    /** Reports every input with neither a default nor a --set value; true when there is none. */
    static boolean complete(Model model, Map<String, Tensor> feeds, PrintWriter err) {
        boolean ok = true;
        for (Node n : model.graph().inputs()) {
            Leaves.Input in = (Leaves.Input) n.op();
            if (in.defaultValue() == null && !feeds.containsKey(in.inputName())) {
                err.println("error: input '" + in.inputName() + "' has no default value; give it one with --set "
                        + in.inputName() + "=LITERAL");
                ok = false;
            }
        }
        return ok;
    }

    /** The declared name of an input or param node; null for any other node. */
    static String leafName(Node n) {
        if (n.op() instanceof Leaves.Input in) {
            return in.inputName();
        }
        if (n.op() instanceof Leaves.Param p) {
            return p.paramName();
        }
        return null;
    }
}
