package dev.nnc.interp;

import static dev.nnc.ir.ops.OpAssertions.f32;
import static dev.nnc.ir.ops.OpAssertions.f64;
import static dev.nnc.ir.ops.OpAssertions.int32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.DType;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Init;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import dev.nnc.ir.TrainSettings;
import dev.nnc.ir.ops.Differentiation;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.ir.ops.Losses;
import dev.nnc.ir.ops.MatMul;
import dev.nnc.ir.ops.Reductions;
import dev.nnc.ir.ops.Shapes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpreterTest {

    private static Node named(Graph g, String name, Op op, Node... inputs) {
        Node n = g.add(op, null, inputs);
        g.bind(name, n.id());
        return n;
    }

    private static Model model(Graph g, DType dtype, String loss) {
        return new Model("m", dtype, g, loss == null ? -1 : g.named(loss).id(), TrainSettings.defaults());
    }

    /**
     * Matt Mazur, "A Step by Step Backpropagation Example": the 2-2-2 network, built node by node.
     * Expected values are the article's.
     */
    private static Model mazur() {
        Graph g = new Graph();
        Node x = named(g, "x", new Leaves.Input("x", f64(2), Tensor.vector(0.05, 0.10)));
        Node t = named(g, "t", new Leaves.Input("t", f64(2), Tensor.vector(0.01, 0.99)));
        Node w1 = named(g, "W1", new Leaves.Param("W1", f64(2, 2),
                new Init.Literal(Tensor.matrix(new double[] {0.15, 0.20}, new double[] {0.25, 0.30}))));
        Node b1 = named(g, "b1", Leaves.Constant.scalar(0.35, DType.F64));
        Node w2 = named(g, "W2", new Leaves.Param("W2", f64(2, 2),
                new Init.Literal(Tensor.matrix(new double[] {0.40, 0.45}, new double[] {0.50, 0.55}))));
        Node b2 = named(g, "b2", Leaves.Constant.scalar(0.60, DType.F64));
        Node netH = named(g, "net_h", Elementwise.add(), g.add(MatMul.matmul(), null, w1, x), b1);
        Node h = named(g, "h", Elementwise.sigmoid(), netH);
        Node netO = named(g, "net_o", Elementwise.add(), g.add(MatMul.matmul(), null, w2, h), b2);
        Node o = named(g, "o", Elementwise.sigmoid(), netO);
        Node half = g.add(Leaves.Constant.scalar(0.5, DType.F64), null);
        Node two = g.add(Leaves.Constant.scalar(2, DType.F64), null);
        Node diff = g.add(Elementwise.sub(), null, t, o);
        Node sq = g.add(Elementwise.pow(), null, diff, two);
        Node halfSq = g.add(Elementwise.mul(), null, half, sq);
        named(g, "loss", Reductions.sum(null, false), halfSq);
        g.markOutput("o");
        return model(g, DType.F64, "loss");
    }

    @Test
    void mazursForwardPass() {
        Evaluation e = Interpreter.run(mazur(), Map.of());
        assertEquals(0.3775, e.value("net_h").get(0), 1e-15);
        assertEquals(0.3925, e.value("net_h").get(1), 1e-15);
        assertEquals(0.593269992, e.value("h").get(0), 5e-10);
        assertEquals(0.596884378, e.value("h").get(1), 5e-10);
        assertEquals(0.75136507, e.value("o").get(0), 5e-9);
        assertEquals(0.772928465, e.value("o").get(1), 5e-10);
        assertEquals(0.298371109, e.value("loss").item(), 5e-10);
        assertArrayEquals(new int[0], e.value("loss").shape());
        assertTrue(e.bindings().isEmpty());
    }

    @Test
    void feedsOverrideDefaultsAndParams() {
        Tensor w1 = Tensor.matrix(new double[] {0, 0}, new double[] {0, 0});
        Evaluation e = Interpreter.run(mazur(), Map.of("W1", w1, "x", Tensor.vector(7, 8)));
        assertEquals(Tensor.vector(7, 8), e.value("x"));
        // W1 = 0: net_h is the bias alone.
        assertArrayEquals(new double[] {0.35, 0.35}, e.value("net_h").data());
    }

    /** x: [B, 2] @ W + b, then mean(cross_entropy(logits, y)). */
    private static Model classifier() {
        Graph g = new Graph();
        Node x = named(g, "x", new Leaves.Input("x", f64("B", 2), null));
        Node y = named(g, "y", new Leaves.Input("y", int32("B"), null));
        Node w = named(g, "W", new Leaves.Param("W", f64(2, 3), new Init.HeUniform()));
        Node b = named(g, "b", new Leaves.Param("b", f64(3), new Init.Zeros()));
        Node logits = named(g, "logits", Elementwise.add(), g.add(MatMul.matmul(), null, x, w), b);
        Node ce = g.add(Losses.crossEntropy(), null, logits, y);
        named(g, "loss", Reductions.mean(null, false), ce);
        return model(g, DType.F64, "loss");
    }

    @Test
    void bindsTheBatchDimension() {
        Tensor w = Tensor.matrix(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        Tensor x = Tensor.matrix(new double[] {1, 0}, new double[] {0, 1});
        Evaluation e = Interpreter.run(classifier(), Map.of("x", x, "y", Tensor.vector(0, 2), "W", w));
        assertEquals(Map.of("B", 2), e.bindings());
        assertEquals(w, e.value("logits").reshape(2, 3));
        // -log softmax([1, 2, 3])[0] and -log softmax([4, 5, 6])[2], from 30-digit mpmath.
        assertEquals((2.40760596444438 + 0.4076059644443803) / 2, e.value("loss").item(), 1e-15);
    }

    @Test
    void paramsStartFromTheirSeededInitialValues() {
        Model m = classifier();
        Map<String, Tensor> feeds = Map.of("x", Tensor.zeros(1, 2), "y", Tensor.vector(0));
        Tensor w = Interpreter.run(m, feeds).value("W");
        assertEquals(w, Interpreter.run(m, feeds).value("W"));
        Leaves.Param p = (Leaves.Param) m.graph().named("W").op();
        assertEquals(ParamValues.initial(p, p.type().shape(), TrainSettings.DEFAULT_SEED, DType.F64), w);
    }

    @Test
    void reshapesWithSymbolAndInferredAxis() {
        Graph g = new Graph();
        Node x = named(g, "x", new Leaves.Input("x", f32("B", 2, 2), null));
        Node flat = named(g, "flat", Shapes.reshape(
                List.of(Dim.of("B"), Dim.of(1)), 1), x);
        assertEquals(f32("B", 4), flat.type());
        Tensor cube = new Tensor(new int[] {3, 2, 2}, new double[12]);
        Evaluation e = Interpreter.run(model(g, DType.F32, null), Map.of("x", cube));
        assertArrayEquals(new int[] {3, 4}, e.value("flat").shape());
    }

    @Test
    void missingInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interpreter.run(classifier(), Map.of("y", Tensor.vector(0))));
        assertEquals("input 'x' has no default value; set it", e.getMessage());
    }

    @Test
    void misshapenInput() {
        Graph g = new Graph();
        named(g, "x", new Leaves.Input("x", f32("B", 784), null));
        Model m = model(g, DType.F32, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interpreter.run(m, Map.of("x", Tensor.zeros(2, 3))));
        assertEquals("input 'x' expects shape [B, 784], got [2, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Interpreter.run(m, Map.of("x", Tensor.zeros(784))));
        assertEquals("input 'x' expects shape [B, 784], got [784]", e.getMessage());
    }

    @Test
    void inputsMustAgreeOnSymbols() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interpreter.run(classifier(), Map.of("x", Tensor.zeros(4, 2), "y", Tensor.zeros(3))));
        assertEquals("symbol B is 4 in 'x' but 3 in 'y'", e.getMessage());
    }

    @Test
    void integerInputsHoldWholeNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interpreter.run(classifier(), Map.of("x", Tensor.zeros(1, 2), "y", Tensor.vector(1.5))));
        assertEquals("input 'y' holds integers, but 1.5 is not a whole number", e.getMessage());
    }

    @Test
    void feedsMustNameInputsOrParams() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interpreter.run(mazur(), Map.of("h", Tensor.vector(1, 2))));
        assertEquals("'h' is not an input or param of model m", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Interpreter.run(mazur(), Map.of("W1", Tensor.vector(1))));
        assertEquals("param 'W1' expects shape [2, 2], got [1]", e.getMessage());
    }

    @Test
    void aShapeTheTypeDoesNotAllowIsACompilerBug() {
        // An op whose shape rule promises [3] but whose evaluation returns [2].
        Op liar = new Op() {
            public String name() {
                return "liar";
            }

            public int arity() {
                return 1;
            }

            public TensorType infer(List<TensorType> operands) {
                return f64(3);
            }

            public Tensor evaluate(List<Tensor> operands) {
                return Tensor.vector(1, 2);
            }
        };
        Graph g = new Graph();
        Node x = named(g, "x", new Leaves.Input("x", f64(), Tensor.scalar(1)));
        g.add(liar, null, x);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Interpreter.run(model(g, DType.F64, null), Map.of()));
        assertEquals("node 1 (liar) computed shape [2] but its type is [3]: a compiler bug", e.getMessage());
    }

    @Test
    void gradNodesAreNotEvaluated() {
        Graph g = new Graph();
        Node x = named(g, "x", new Leaves.Input("x", f64(), Tensor.scalar(0.5)));
        Node y = named(g, "y", Elementwise.tanh(), x);
        g.add(Differentiation.grad(), null, y, x);
        assertThrows(UnsupportedOperationException.class, () -> Interpreter.run(model(g, DType.F64, null), Map.of()));
    }

    @Test
    void unknownNames() {
        Evaluation e = Interpreter.run(mazur(), Map.of());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.value("nope"));
        assertEquals("no value named 'nope'", ex.getMessage());
    }
}
