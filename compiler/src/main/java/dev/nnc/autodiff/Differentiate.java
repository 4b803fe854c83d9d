package dev.nnc.autodiff;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.ops.Differentiation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives {@code grad(f, v)} its meaning, and derives the gradients a train step needs.
 *
 * <p>Expansion copies the graph in order; at each {@code grad(f, v)} node it runs
 * {@link Reverse} on the copy, where {@code f} and {@code v} already stand, and the gradient
 * node takes the grad node's place. Because the copy is ordinary IR by then, a grad of a grad
 * (a second derivative) is expanded the same way.
 */
public final class Differentiate {

    /** The prefix of the names given to gradients: {@code dloss/dW1}. */
    public static String gradientName(String objective, String target) {
        return "d" + objective + "/d" + target;
    }

    private Differentiate() {}

    /**
     * The model with every grad(f, v) replaced by the nodes that compute it, in a new graph:
     * the model passed in is never changed.
     */
    public static Model expandGrads(Model model) {
        Graph in = model.graph();
        Graph out = new Graph();
        int[] map = new int[in.size()];
        for (Node n : in.nodes()) {
            if (n.op() instanceof Differentiation.Grad) {
                int f = map[n.input(0)];
                int v = map[n.input(1)];
                map[n.id()] = Reverse.gradients(out, f, List.of(v)).get(v);
                continue;
            }
            List<Integer> inputs = new ArrayList<>();
            for (int i : n.inputs()) {
                inputs.add(map[i]);
            }
            map[n.id()] = out.add(n.op(), inputs, n.span(), n.origin()).id();
        }
        for (Map.Entry<String, Integer> e : in.names().entrySet()) {
            out.bind(e.getKey(), map[e.getValue()]);
        }
        for (String o : in.outputs()) {
            out.markOutput(o);
        }
        return new Model(model.name(), model.dtype(), out, model.hasLoss() ? map[model.loss()] : -1, model.train());
    }

    /**
     * The gradient of {@code objective} (a named float scalar) with respect to every param and
     * every float input, appended to an expanded copy of the model and bound to names
     * {@code d<objective>/d<name>}. Returns the new model and the names, in declaration order.
     */
    public static Gradients gradients(Model model, String objective) {
        Model expanded = expandGrads(model);
        Graph g = expanded.graph();
        Node f = g.named(objective);
        if (f == null) {
            throw new IllegalArgumentException("no value named '" + objective + "'");
        }
        List<Integer> targets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Node n : g.nodes()) {
            boolean leaf = n.op() instanceof dev.nnc.ir.ops.Leaves.Param
                    || n.op() instanceof dev.nnc.ir.ops.Leaves.Input;
            if (leaf && n.dtype().isFloat()) {
                targets.add(n.id());
                names.add(g.nameOf(n.id()));
            }
        }
        Map<Integer, Integer> grads = Reverse.gradients(g, f.id(), targets);
        List<String> gradNames = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            String name = gradientName(objective, names.get(i));
            g.bind(name, grads.get(targets.get(i)));
            gradNames.add(name);
        }
        return new Gradients(expanded, names, gradNames);
    }

    /** A model with gradient nodes bound, the names differentiated, and their gradients' names. */
    public record Gradients(Model model, List<String> targets, List<String> gradientNames) {}
}
