package dev.nnc.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.interp.Evaluation;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.DType;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Init;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import dev.nnc.ir.TrainSettings;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.ir.ops.MatMul;
import dev.nnc.ir.ops.Reductions;
import dev.nnc.testing.GradientFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of issue 3, whose numbers come from their authors: Matt Mazur's
 * "A Step by Step Backpropagation Example" and the (x + y) z gate of the computational-graph
 * lecture.
 */
class MazurTest {

    private static Node named(Graph g, String name, Op op, Node... inputs) {
        Node n = g.add(op, null, inputs);
        g.bind(name, n.id());
        return n;
    }

    private static Leaves.Param param(String name, double[]... rows) {
        return new Leaves.Param(name, new TensorType(DType.F64, GradientFixture.shape(2, 2)),
                new Init.Literal(Tensor.matrix(rows)));
    }

    /** mazur.nn from LANGUAGE.md, node by node. */
    private static Model mazur() {
        Graph g = new Graph();
        Node x = named(g, "x", new Leaves.Input("x", new TensorType(DType.F64, GradientFixture.shape(2)),
                Tensor.vector(0.05, 0.10)));
        Node t = named(g, "t", new Leaves.Input("t", new TensorType(DType.F64, GradientFixture.shape(2)),
                Tensor.vector(0.01, 0.99)));
        Node w1 = named(g, "W1", param("W1", new double[] {0.15, 0.20}, new double[] {0.25, 0.30}));
        Node b1 = named(g, "b1", Leaves.Constant.scalar(0.35, DType.F64));
        Node w2 = named(g, "W2", param("W2", new double[] {0.40, 0.45}, new double[] {0.50, 0.55}));
        Node b2 = named(g, "b2", Leaves.Constant.scalar(0.60, DType.F64));
        Node h = named(g, "h", Elementwise.sigmoid(), g.add(Elementwise.add(), null, g.add(MatMul.matmul(), null, w1, x), b1));
        Node o = named(g, "o", Elementwise.sigmoid(), g.add(Elementwise.add(), null, g.add(MatMul.matmul(), null, w2, h), b2));
        Node error = g.add(Elementwise.pow(), null, g.add(Elementwise.sub(), null, t, o),
                g.add(Leaves.Constant.scalar(2, DType.F64), null));
        Node half = g.add(Leaves.Constant.scalar(0.5, DType.F64), null);
        Node loss = named(g, "loss", Reductions.sum(null, false), g.add(Elementwise.mul(), null, half, error));
        return new Model("mazur", DType.F64, g, loss.id(), TrainSettings.defaults());
    }

    @Test
    void mazursGradients() {
        Differentiate.Gradients g = Differentiate.gradients(mazur(), "loss");
        Evaluation e = Interpreter.run(g.model(), Map.of());
        assertEquals(0.298371109, e.value("loss").item(), 5e-10);
        // dE/dw5..dw8 and dE/dw1..dw4 as the article gives them, to its nine decimals.
        assertArrayEquals(new double[] {0.082167041, 0.082667628, -0.022602540, -0.022740242},
                e.value("dloss/dW2").data(), 5e-10);
        assertArrayEquals(new double[] {0.000438568, 0.000877135, 0.000497713, 0.000995425},
                e.value("dloss/dW1").data(), 5e-10);
    }

    @Test
    void theGateExample() {
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", Tensor.scalar(-2));
        Node y = f.input("y", Tensor.scalar(5));
        Node z = f.input("z", Tensor.scalar(-4));
        Node loss = f.apply(Elementwise.mul(), f.apply(Elementwise.add(), x, y), z);
        f.graph().bind("loss", loss.id());
        Evaluation e = Interpreter.run(Differentiate.gradients(f.model(loss), "loss").model(), f.feeds());
        assertEquals(-12.0, e.value("loss").item());
        assertEquals(-4.0, e.value("dloss/dx").item());
        assertEquals(-4.0, e.value("dloss/dy").item());
        assertEquals(3.0, e.value("dloss/dz").item());
    }
}
