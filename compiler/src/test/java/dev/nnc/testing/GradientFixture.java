package dev.nnc.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.DType;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import dev.nnc.ir.TrainSettings;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.ir.ops.Reductions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A graph built by hand for a gradient test, with its inputs' values: declare inputs (float or
 * integer, with fixed or symbolic dimensions), apply ops, then compare the symbolic gradient of
 * {@code loss = sum(out * r)} with central finite differences. {@code r} is a random input of
 * out's shape, so the cotangent reaching {@code out} is not all ones.
 */
public final class GradientFixture {
    /** The bar every VJP must clear, in double precision. */
    public static final double TOLERANCE = 1e-6;

    private final Graph graph = new Graph();
    private final Map<String, Tensor> feeds = new LinkedHashMap<>();
    private final Map<String, Integer> bindings = new LinkedHashMap<>();
    private final Random random;

    public GradientFixture(long seed) {
        this.random = new Random(seed);
    }

    public Graph graph() {
        return graph;
    }

    public Random random() {
        return random;
    }

    /** A float input fed with {@code value}; {@code dims} (sizes or symbol names) default to value's shape. */
    public Node input(String name, Tensor value, Object... dims) {
        return declare(name, DType.F64, value, dims);
    }

    /** An integer input (class labels) fed with {@code value}. */
    public Node labels(String name, Tensor value, Object... dims) {
        return declare(name, DType.I32, value, dims);
    }

    private Node declare(String name, DType dtype, Tensor value, Object... dims) {
        Shape shape = dims.length == 0 ? Shape.of(value.shape()) : shape(dims);
        for (int a = 0; a < shape.rank(); a++) {
            if (shape.dim(a) instanceof Dim.Symbol s) {
                bindings.put(s.name(), value.dim(a));
            }
        }
        Node n = graph.add(new Leaves.Input(name, new TensorType(dtype, shape), null), null);
        graph.bind(name, n.id());
        feeds.put(name, value);
        return n;
    }

    public Node constant(Tensor value) {
        return graph.add(new Leaves.Constant(value, DType.F64), null);
    }

    public Node apply(Op op, Node... inputs) {
        return graph.add(op, null, inputs);
    }

    /** Uniform in [lo, hi). */
    public Tensor between(double lo, double hi, int... shape) {
        double[] v = new double[Math.toIntExact(Tensor.count(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * random.nextDouble();
        }
        return new Tensor(shape, v);
    }

    /** Uniform in [-2, 2). */
    public Tensor uniform(int... shape) {
        return between(-2, 2, shape);
    }

    /** Uniform in ±[gap, 2): at least {@code gap} from the kink at 0. */
    public Tensor awayFromZero(double gap, int... shape) {
        Tensor t = between(gap, 2, shape);
        double[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextBoolean() ? v[i] : -v[i];
        }
        return t;
    }

    /** Distinct values at least 0.05 apart, shuffled: a max or min has one clear winner. */
    public Tensor distinct(int... shape) {
        int n = Math.toIntExact(Tensor.count(shape));
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            v.add(-1 + 0.2 * i + 0.1 * random.nextDouble());
        }
        java.util.Collections.shuffle(v, random);
        return new Tensor(shape, v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Random class labels below {@code classes}. */
    public Tensor classes(int classes, int... shape) {
        double[] v = new double[Math.toIntExact(Tensor.count(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(classes);
        }
        return new Tensor(shape, v);
    }

    /** Names {@code out}'s weighted sum {@code loss} and returns the model. */
    public Model lossOf(Node out) {
        int[] sizes = out.shape().bind(bindings).sizes();
        Node r = input("r", between(-1, 1, sizes), out.shape().dims().stream().map(GradientFixture::spelling).toArray());
        Node weighted = apply(Elementwise.mul(), out, r);
        Node loss = apply(Reductions.sum(null, false), weighted);
        graph.bind("loss", loss.id());
        return model(loss);
    }

    /** The model whose objective is the scalar {@code loss}, already named "loss". */
    public Model model(Node loss) {
        return new Model("test", DType.F64, graph, loss.id(), TrainSettings.defaults());
    }

    public Map<String, Tensor> feeds() {
        return feeds;
    }

    /** Checks d loss / d every float input of {@code loss = sum(out * r)} against finite differences. */
    public Map<String, FiniteDifferences.Check> assertGradients(Node out) {
        return assertChecked(lossOf(out));
    }

    /** Checks d loss / d every float input of a model whose objective is named "loss". */
    public Map<String, FiniteDifferences.Check> assertChecked(Model model) {
        Map<String, FiniteDifferences.Check> checks = FiniteDifferences.check(model, "loss", feeds);
        for (FiniteDifferences.Check c : checks.values()) {
            assertTrue(c.relativeError() < TOLERANCE, () -> "d loss/d " + c.target() + ": relative error "
                    + c.relativeError() + "\n  symbolic " + c.symbolic() + "\n  numeric  " + c.numeric());
        }
        return checks;
    }

    private static Object spelling(Dim d) {
        return d instanceof Dim.Fixed f ? (Object) f.size() : d.toString();
    }

    /** A shape from sizes and symbol names: {@code shape("B", 4)} is [B, 4]. */
    public static Shape shape(Object... dims) {
        List<Dim> out = new ArrayList<>();
        for (Object d : dims) {
            out.add(d instanceof Integer i ? Dim.of(i) : Dim.of((String) d));
        }
        return new Shape(out);
    }
}
