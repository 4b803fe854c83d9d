package dev.nnc.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.interp.Evaluation;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Emitter;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import dev.nnc.ir.ops.Differentiation;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Losses;
import dev.nnc.ir.ops.Reductions;
import dev.nnc.testing.GradientFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the sweep treats fan-out, blocked paths, constants, integers and unrelated targets. */
class ReverseTest {

    private static Node sum(GradientFixture f, Node x) {
        return f.apply(Reductions.sum(null, false), x);
    }

    /** Binds {@code loss}, differentiates it and evaluates everything. */
    private static Evaluation gradients(GradientFixture f, Node loss) {
        f.graph().bind("loss", loss.id());
        return Interpreter.run(Differentiate.gradients(f.model(loss), "loss").model(), f.feeds());
    }

    @Test
    void fanOutAccumulates() {
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", Tensor.vector(1.5, -2, 0.25));
        // sum(x * x) + sum(3 x): each use adds its share, 2x + 3.
        Node loss = f.apply(Elementwise.add(), sum(f, f.apply(Elementwise.mul(), x, x)),
                sum(f, f.apply(Elementwise.mul(), f.constant(Tensor.scalar(3)), x)));
        assertArrayEquals(new double[] {6, -1, 3.5}, gradients(f, loss).value("dloss/dx").data(), 0);
    }

    @Test
    void stopGradientBlocks() {
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", Tensor.vector(1.5, -2));
        Node loss = sum(f, f.apply(Elementwise.mul(), f.apply(Differentiation.stopGradient(), x), x));
        // x is a constant on the blocked path: d/dx = x, not 2x.
        assertArrayEquals(new double[] {1.5, -2}, gradients(f, loss).value("dloss/dx").data(), 0);
        GradientFixture only = new GradientFixture(0);
        Node y = only.input("x", Tensor.vector(1.5, -2));
        Node blocked = sum(only, only.apply(Elementwise.exp(), only.apply(Differentiation.stopGradient(), y)));
        assertArrayEquals(new double[] {0, 0}, gradients(only, blocked).value("dloss/dx").data(), 0);
    }

    @Test
    void aConstantReceivesNothing() {
        GradientFixture f = new GradientFixture(0);
        Node w = f.input("w", Tensor.vector(1, 2));
        Node c = f.constant(Tensor.vector(3, 4));
        Node product = f.apply(Elementwise.mul(), w, c);
        Node loss = sum(f, product);
        f.graph().bind("loss", loss.id());
        Differentiate.Gradients g = Differentiate.gradients(f.model(loss), "loss");
        assertEquals(List.of("w"), g.targets());
        // The product's rule made w's cotangent only: no work for the constant.
        long fromProduct = g.model().graph().nodes().stream()
                .filter(n -> n.isBackward() && n.origin().forward() == product.id()).count();
        assertEquals(1, fromProduct);
        assertArrayEquals(new double[] {3, 4},
                Interpreter.run(g.model(), f.feeds()).value("dloss/dw").data(), 0);
    }

    @Test
    void noWorkForAConstantExponent() {
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", Tensor.vector(-1, 2));
        Node loss = sum(f, f.apply(Elementwise.pow(), x, f.constant(Tensor.scalar(2))));
        Evaluation e = gradients(f, loss);
        assertArrayEquals(new double[] {-2, 4}, e.value("dloss/dx").data(), 0);
        assertTrue(e.graph().nodes().stream().noneMatch(n -> n.op().name().equals("pow'1")),
                "the exponent's derivative (log of a negative base) is never built");
    }

    @Test
    void integerLabelsReceiveNothing() {
        GradientFixture f = new GradientFixture(0);
        Node logits = f.input("logits", Tensor.matrix(new double[] {1, 2, 3}, new double[] {0, 0, 1}));
        Node labels = f.labels("y", Tensor.vector(2, 0));
        Node loss = sum(f, f.apply(Losses.crossEntropy(), logits, labels));
        f.graph().bind("loss", loss.id());
        Model m = f.model(loss);
        assertEquals(List.of("logits"), Differentiate.gradients(m, "loss").targets());
        // Asked directly, the sweep gives the labels zeros, not a cotangent.
        Map<Integer, Integer> grads = Reverse.gradients(f.graph(), loss.id(), List.of(labels.id()));
        Tensor d = Interpreter.run(m, f.feeds()).value(grads.get(labels.id()));
        assertArrayEquals(new double[] {0, 0}, d.data(), 0);
    }

    @Test
    void anUnrelatedTargetGetsZerosOfItsShape() {
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", f.uniform(2));
        Node unrelated = f.input("u", f.uniform(4, 3), "B", 3);
        Node loss = sum(f, f.apply(Elementwise.tanh(), x));
        Evaluation e = gradients(f, loss);
        Tensor du = e.value("dloss/du");
        assertArrayEquals(new int[] {4, 3}, du.shape());
        assertArrayEquals(new double[12], du.data(), 0);
        assertEquals(unrelated.type(), e.graph().named("dloss/du").type());
    }

    @Test
    void theObjectiveItselfHasGradientOne() {
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", Tensor.scalar(0.3));
        Node y = f.apply(Elementwise.sin(), x);
        Map<Integer, Integer> g = Reverse.gradients(f.graph(), y.id(), List.of(y.id(), x.id()));
        Evaluation e = Interpreter.run(f.model(y), f.feeds());
        assertEquals(1.0, e.value(g.get(y.id())).item());
        assertEquals(Math.cos(0.3), e.value(g.get(x.id())).item(), 1e-16);
    }

    @Test
    void gradOfGradIsExpanded() {
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", Tensor.scalar(0.7));
        Node cube = f.apply(Elementwise.mul(), f.apply(Elementwise.mul(), x, x), x);
        Node first = f.apply(Differentiation.grad(), cube, x);
        Node second = f.apply(Differentiation.grad(), first, x);
        f.graph().bind("d1", first.id());
        f.graph().bind("d2", second.id());
        Evaluation e = Interpreter.run(Differentiate.expandGrads(f.model(cube)), f.feeds());
        assertEquals(3 * 0.49, e.value("d1").item(), 1e-15);
        assertEquals(6 * 0.7, e.value("d2").item(), 1e-15);
    }

    @Test
    void onlyFloatScalarsAreDifferentiated() {
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", f.uniform(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reverse.gradients(f.graph(), x.id(), List.of(x.id())));
        assertEquals("can only differentiate a float scalar, not [2]", e.getMessage());
    }

    /** An op whose rule is wrong on purpose: it returns its operand's cotangent in the wrong shape. */
    private record Broken() implements Op {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public TensorType infer(List<TensorType> operands) {
            return operands.get(0).withShape(dev.nnc.ir.Shape.SCALAR);
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            return Tensor.scalar(0);
        }

        @Override
        public int[] vjp(Emitter e, Node node, int g) {
            return new int[] {g};
        }
    }

    @Test
    void aRuleThatGetsTheShapeWrongFailsLoudly() {
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", f.uniform(2));
        Node y = f.apply(new Broken(), x);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Reverse.gradients(f.graph(), y.id(), List.of(x.id())));
        assertEquals("the derivative rule of broken gave operand 0 of type [2] a cotangent of type []: a compiler bug",
                e.getMessage());
    }

    @Test
    void aMissingRuleNamesTheOp() {
        Graph g = new Graph();
        Op ruleless = new Op() {
            public String name() {
                return "mystery";
            }

            public int arity() {
                return 1;
            }

            public TensorType infer(List<TensorType> operands) {
                return operands.get(0);
            }

            public Tensor evaluate(List<Tensor> operands) {
                return operands.get(0);
            }
        };
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", Tensor.scalar(1));
        Node y = f.apply(ruleless, x);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Reverse.gradients(f.graph(), y.id(), List.of(x.id())));
        assertEquals("op 'mystery' has no derivative rule", e.getMessage());
        assertEquals(0, g.size());
    }
}
