package dev.nnc.interp;

import dev.nnc.ir.DType;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.ir.ops.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference evaluator: runs every node of a model's graph in order, in double precision,
 * with each op's own {@code evaluate}. The test oracle, never the product path.
 */
public final class Interpreter {
    private final Model model;
    private final Map<String, Tensor> feeds;
    /** The size of each symbolic dimension, from the inputs. */
    private final Map<String, Integer> bindings = new LinkedHashMap<>();
    /** Which input bound each symbol first, for the message when another disagrees. */
    private final Map<String, String> boundBy = new LinkedHashMap<>();
    private final List<Tensor> values = new ArrayList<>();

    private Interpreter(Model model, Map<String, Tensor> feeds) {
        this.model = model;
        this.feeds = feeds;
    }

    /**
     * Evaluates {@code model} on {@code feeds}: a tensor for each input (or its default value is
     * used) and, optionally, for params (so tests can set weights; otherwise a param takes its
     * seeded initial value).
     *
     * @throws IllegalArgumentException when a feed is missing, misnamed or misshapen, or the
     *     inputs disagree about the size of a symbol
     * @throws IllegalStateException when a node computes a shape its static type does not
     *     allow: a compiler bug
     */
    public static Evaluation run(Model model, Map<String, Tensor> feeds) {
        return new Interpreter(model, feeds).run();
    }

    /**
     * Checks {@code feeds} as {@link #run} does, without evaluating anything, and returns the
     * size each symbol takes: what another evaluator of the same model needs to know first.
     *
     * @throws IllegalArgumentException as {@link #run} does for a missing, misnamed or
     *     misshapen feed
     */
    public static Map<String, Integer> bind(Model model, Map<String, Tensor> feeds) {
        Interpreter checker = new Interpreter(model, feeds);
        checker.bindAll();
        return Map.copyOf(checker.bindings);
    }

    private void bindAll() {
        checkFeedNames();
        // Bind every symbol before evaluating anything, so checks need not wait for the input's node.
        for (Node node : model.graph().inputs()) {
            bindInput((Leaves.Input) node.op());
        }
    }

    private Evaluation run() {
        bindAll();
        for (Node node : model.graph().nodes()) {
            Tensor value = evaluate(node);
            checkShape(node, value);
            values.add(value);
        }
        return new Evaluation(model.graph(), values, bindings);
    }

    private void checkFeedNames() {
        for (String name : feeds.keySet()) {
            Node node = model.graph().named(name);
            if (node == null || !(node.op() instanceof Leaves.Input || node.op() instanceof Leaves.Param)) {
                throw new IllegalArgumentException("'" + name + "' is not an input or param of model " + model.name());
            }
        }
    }

    private Tensor inputValue(Leaves.Input in) {
        Tensor fed = feeds.get(in.inputName());
        return fed != null ? fed : in.defaultValue();
    }

    /** Checks an input's tensor against its declared type, binding the symbols it carries. */
    private void bindInput(Leaves.Input in) {
        String name = in.inputName();
        Tensor t = inputValue(in);
        if (t == null) {
            throw new IllegalArgumentException("input '" + name + "' has no default value; set it");
        }
        Shape declared = in.type().shape();
        if (t.rank() != declared.rank()) {
            throw misshapen("input", name, declared, t);
        }
        for (int a = 0; a < t.rank(); a++) {
            Dim d = declared.dim(a);
            if (d instanceof Dim.Fixed f && f.size() != t.dim(a)) {
                throw misshapen("input", name, declared, t);
            }
            if (d instanceof Dim.Symbol s) {
                Integer size = bindings.putIfAbsent(s.name(), t.dim(a));
                boundBy.putIfAbsent(s.name(), name);
                if (size != null && size != t.dim(a)) {
                    throw new IllegalArgumentException("symbol " + s.name() + " is " + size + " in '"
                            + boundBy.get(s.name()) + "' but " + t.dim(a) + " in '" + name + "'");
                }
            }
        }
        if (in.type().dtype() == DType.I32) {
            for (double v : t.data()) {
                if (v != Math.rint(v)) {
                    throw new IllegalArgumentException("input '" + name + "' holds integers, but " + v
                            + " is not a whole number");
                }
            }
        }
    }

    private static IllegalArgumentException misshapen(String kind, String name, Shape declared, Tensor t) {
        return new IllegalArgumentException(kind + " '" + name + "' expects shape " + declared + ", got "
                + Shape.of(t.shape()));
    }

    private Tensor evaluate(Node node) {
        Op op = node.op();
        if (op instanceof Leaves.Input in) {
            return inputValue(in);
        }
        if (op instanceof Leaves.Param p) {
            return paramValue(p);
        }
        if (op instanceof Shapes.Reshape r) {
            // A target such as [B, -1] has two unknowns for the element count to settle.
            op = r.bind(bindings);
        }
        List<Tensor> operands = new ArrayList<>(node.inputs().size());
        for (int id : node.inputs()) {
            operands.add(values.get(id));
        }
        return op.evaluate(operands);
    }

    private Tensor paramValue(Leaves.Param p) {
        Tensor fed = feeds.get(p.paramName());
        if (fed == null) {
            return ParamValues.initial(p, p.type().shape(), model.train().seed(), model.dtype());
        }
        if (!Shape.of(fed.shape()).equals(p.type().shape())) {
            throw misshapen("param", p.paramName(), p.type().shape(), fed);
        }
        return fed;
    }

    /** Every concrete shape must be the node's static shape under the bindings. */
    private void checkShape(Node node, Tensor value) {
        Shape expected = node.shape().bind(bindings);
        if (!expected.equals(Shape.of(value.shape()))) {
            throw new IllegalStateException("node " + node.id() + " (" + node.op().name() + ") computed shape "
                    + Shape.of(value.shape()) + " but its type is " + node.shape()
                    + (bindings.isEmpty() ? "" : " with " + bindings) + ": a compiler bug");
        }
    }
}
