package dev.nnc.explain;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.autodiff.Reverse;
import dev.nnc.interp.Evaluation;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.ir.ops.Reductions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chain rule spelt out for one scalar weight, the way a worked example writes it:
 * {@code dE/dw5 = dE/do1 * do1/dnet_o1 * dnet_o1/dw5 = 0.74136507 * 0.186815602 * 0.593269992}.
 *
 * <p>The links of the chain are the values every path from the weight to the objective passes
 * through, where exactly one element depends on the weight: the program's named values, and
 * the inputs of activations (a sigmoid's net input). Each factor is the derivative of one link
 * with respect to the next, computed by the differentiation pass on the graph and evaluated by
 * the reference interpreter, so the printed factors multiply to the gradient.
 */
public final class ChainRule {
    /** Links larger than this are not searched for their one dependent element. */
    static final int MAX_LINK_ELEMENTS = 256;
    private static final String MASK = "mask#";

    private ChainRule() {}

    /** One factor: d upper / d lower at the current values. */
    public record Factor(String upper, String lower, double value) {}

    /**
     * The chain, its factors, their product, and the gradient computed directly (the two agree
     * up to rounding).
     */
    public record Chain(String objective, String weight, List<Factor> factors, double product, double gradient) {}

    private record Link(int node, int flatIndex, String label) {}

    public static Chain explain(Model model, String objective, String weight, int[] index, Map<String, Tensor> feeds) {
        Model expanded = Differentiate.expandGrads(model);
        Graph graph = expanded.graph();
        Node f = graph.named(objective);
        Node w = graph.named(weight);
        Evaluation base = Interpreter.run(expanded, feeds);
        Tensor wValue = base.value(w.id());
        int wFlat = wValue.flatIndex(index);
        Map<String, Tensor> point = new HashMap<>(feeds);
        point.put(weight, wValue);

        BitSet path = between(graph, w.id(), f.id());
        List<Link> links = new ArrayList<>();
        links.add(new Link(f.id(), 0, objective));
        for (int id = f.id() - 1; id > w.id(); id--) {
            if (!path.get(id) || !isCandidate(graph, path, id) || !dominates(graph, path, w.id(), f.id(), id)) {
                continue;
            }
            Tensor value = base.value(id);
            if (value.size() > MAX_LINK_ELEMENTS) {
                continue;
            }
            int dependent = onlyDependent(expanded, id, value, w.id(), wFlat, point);
            if (dependent >= 0) {
                links.add(new Link(id, dependent, label(graph, id, value, dependent)));
            }
        }
        links.add(new Link(w.id(), wFlat, weight + (wValue.rank() == 0 ? "" : Arrays.toString(index))));

        List<Factor> factors = new ArrayList<>();
        double product = 1;
        for (int i = 0; i + 1 < links.size(); i++) {
            Link upper = links.get(i);
            Link lower = links.get(i + 1);
            double d = derivative(expanded, upper, base.value(upper.node()), lower, point);
            factors.add(new Factor(upper.label(), lower.label(), d));
            product *= d;
        }
        double gradient = derivative(expanded, links.get(0), base.value(f.id()), links.get(links.size() - 1), point);
        return new Chain(objective, links.get(links.size() - 1).label(), factors, product, gradient);
    }

    /** A named value, or the input of an activation: the links a worked example names. */
    private static boolean isCandidate(Graph graph, BitSet path, int id) {
        Node n = graph.node(id);
        if (n.op() instanceof Leaves.Leaf) {
            return false;
        }
        if (graph.nameOf(id) != null) {
            return true;
        }
        for (Node user : graph.nodes()) {
            if (path.get(user.id()) && user.inputs().size() == 1 && user.input(0) == id
                    && user.op() instanceof Elementwise e && !e.equals(Elementwise.neg())) {
                return true;
            }
        }
        return false;
    }

    /** The nodes on some path from {@code from} to {@code to}. */
    private static BitSet between(Graph graph, int from, int to) {
        BitSet forward = new BitSet();
        forward.set(from);
        for (int id = from + 1; id <= to; id++) {
            for (int in : graph.node(id).inputs()) {
                if (forward.get(in)) {
                    forward.set(id);
                    break;
                }
            }
        }
        BitSet backward = new BitSet();
        backward.set(to);
        for (int id = to; id >= from; id--) {
            if (backward.get(id)) {
                for (int in : graph.node(id).inputs()) {
                    backward.set(in);
                }
            }
        }
        forward.and(backward);
        return forward;
    }

    /** Whether every path from {@code from} to {@code to} passes through {@code via}. */
    private static boolean dominates(Graph graph, BitSet path, int from, int to, int via) {
        BitSet reached = new BitSet();
        reached.set(from);
        for (int id = from + 1; id <= to; id++) {
            if (id == via || !path.get(id)) {
                continue;
            }
            for (int in : graph.node(id).inputs()) {
                if (reached.get(in)) {
                    reached.set(id);
                    break;
                }
            }
        }
        return !reached.get(to);
    }

    /** The one element of {@code link} whose derivative with respect to w[wFlat] is not zero, or -1. */
    private static int onlyDependent(Model model, int link, Tensor value, int w, int wFlat, Map<String, Tensor> point) {
        Probe probe = Probe.build(model, link, value.shape(), w);
        int found = -1;
        for (int e = 0; e < value.size(); e++) {
            if (probe.derivative(e, wFlat, point) != 0) {
                if (found >= 0) {
                    return -1;
                }
                found = e;
            }
        }
        return found;
    }

    private static double derivative(Model model, Link upper, Tensor upperValue, Link lower, Map<String, Tensor> point) {
        return Probe.build(model, upper.node(), upperValue.shape(), lower.node())
                .derivative(upper.flatIndex(), lower.flatIndex(), point);
    }

    /**
     * d sum(node * mask) / d target, as a graph with the mask as an input, so one graph gives
     * the derivative of any element of {@code node} by feeding a one-hot mask.
     */
    private record Probe(Model model, String gradient, int[] shape) {
        static Probe build(Model source, int node, int[] shape, int target) {
            Model copy = Differentiate.expandGrads(source);
            Graph g = copy.graph();
            // The mask has the node's static type, symbolic dimensions and all; the one-hot
            // tensor fed for it has the concrete shape.
            Node mask = g.add(new Leaves.Input(MASK, g.node(node).type(), null), List.of(), null);
            g.bind(MASK, mask.id());
            Node masked = g.add(Elementwise.mul(), null, g.node(node), mask);
            Node sum = g.add(Reductions.sum(null, false), null, masked);
            int grad = Reverse.gradients(g, sum.id(), List.of(target)).get(target);
            g.bind("d#", grad);
            return new Probe(copy, "d#", shape);
        }

        double derivative(int element, int targetFlat, Map<String, Tensor> point) {
            double[] oneHot = new double[Math.toIntExact(Tensor.count(shape))];
            oneHot[element] = 1;
            Map<String, Tensor> feeds = new HashMap<>(point);
            feeds.put(MASK, new Tensor(shape, oneHot));
            return Interpreter.run(model, feeds).value(gradient).get(targetFlat);
        }
    }

    private static String label(Graph graph, int id, Tensor value, int flat) {
        String name = graph.nameOf(id);
        Node n = graph.node(id);
        String base = name != null ? name : n.span() != null ? "(" + n.span().text() + ")" : "%" + id;
        if (value.rank() == 0) {
            return base;
        }
        return base + Arrays.toString(unflatten(flat, value.shape()));
    }

    private static int[] unflatten(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int a = shape.length - 1; a >= 0; a--) {
            index[a] = flat % shape[a];
            flat /= shape[a];
        }
        return index;
    }
}
