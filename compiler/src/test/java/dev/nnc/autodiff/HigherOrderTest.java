package dev.nnc.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.interp.Evaluation;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Differentiation;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Losses;
import dev.nnc.ir.ops.MatMul;
import dev.nnc.ir.ops.Reductions;
import dev.nnc.ir.ops.Shapes;
import dev.nnc.ir.ops.Softmax;
import dev.nnc.testing.GradientFixture;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Second and third derivatives: grad of grad, expanded by {@link Differentiate#expandGrads}
 * and evaluated by the interpreter, against closed forms; and for every op family, the
 * gradient of a first derivative against finite differences.
 */
class HigherOrderTest {

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static Stream<Arguments> closedForms() {
        DoubleUnaryOperator tanh2 = x -> -2 * Math.tanh(x) * (1 - Math.tanh(x) * Math.tanh(x));
        DoubleUnaryOperator sigmoid2 = x -> sigmoid(x) * (1 - sigmoid(x)) * (1 - 2 * sigmoid(x));
        DoubleUnaryOperator softplus2 = x -> sigmoid(x) * (1 - sigmoid(x));
        DoubleUnaryOperator log2 = x -> -1 / (x * x);
        return Stream.of(
                Arguments.of(Elementwise.tanh(), tanh2),
                Arguments.of(Elementwise.sigmoid(), sigmoid2),
                Arguments.of(Elementwise.softplus(), softplus2),
                Arguments.of(Elementwise.exp(), (DoubleUnaryOperator) Math::exp),
                Arguments.of(Elementwise.log(), log2));
    }

    /** Builds y = op(x), d1 = grad(y, x), d2 = grad(d1, x), d3 = grad(d2, x) and evaluates them. */
    private static Evaluation derivatives(Op op, double x) {
        GradientFixture f = new GradientFixture(0);
        Node in = f.input("x", Tensor.scalar(x));
        Node y = f.apply(op, in);
        Node d1 = f.apply(Differentiation.grad(), y, in);
        Node d2 = f.apply(Differentiation.grad(), d1, in);
        Node d3 = f.apply(Differentiation.grad(), d2, in);
        f.graph().bind("d1", d1.id());
        f.graph().bind("d2", d2.id());
        f.graph().bind("d3", d3.id());
        return Interpreter.run(Differentiate.expandGrads(f.model(y)), f.feeds());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closedForms")
    void secondDerivatives(Elementwise op, DoubleUnaryOperator expected) {
        for (double x : new double[] {0.3, 1.7, 2.5, op.equals(Elementwise.log()) ? 0.05 : -1.2, -0.4}) {
            double at = op.equals(Elementwise.log()) ? Math.abs(x) : x;
            double want = expected.applyAsDouble(at);
            assertEquals(want, derivatives(op, at).value("d2").item(), 1e-14 * Math.max(1, Math.abs(want)),
                    op.name() + "'' at " + at);
        }
    }

    @Test
    void thirdDerivatives() {
        for (double x : new double[] {-1.3, 0.2, 0.9}) {
            double t = Math.tanh(x);
            double u = 1 - t * t;
            assertEquals(-2 * u * (1 - 3 * t * t), derivatives(Elementwise.tanh(), x).value("d3").item(), 1e-14);
            double s = sigmoid(x);
            assertEquals(s * (1 - s) * (1 - 6 * s + 6 * s * s), derivatives(Elementwise.sigmoid(), x).value("d3").item(),
                    1e-14);
            double p = Math.abs(x) + 0.1;
            assertEquals(2 / (p * p * p), derivatives(Elementwise.log(), p).value("d3").item(), 1e-13 * 2 / (p * p * p));
        }
    }

    @Test
    void secondDerivativesOfAVector() {
        // y = sum(tanh(x)); grad(sum(grad(y, x)), x) is tanh'' elementwise.
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", Tensor.vector(-0.5, 0.1, 1.4));
        Node y = f.apply(Reductions.sum(null, false), f.apply(Elementwise.tanh(), x));
        Node d1 = f.apply(Differentiation.grad(), y, x);
        Node d2 = f.apply(Differentiation.grad(), f.apply(Reductions.sum(null, false), d1), x);
        f.graph().bind("d2", d2.id());
        Tensor got = Interpreter.run(Differentiate.expandGrads(f.model(y)), f.feeds()).value("d2");
        for (int i = 0; i < 3; i++) {
            double t = Math.tanh(f.feeds().get("x").get(i));
            assertEquals(-2 * t * (1 - t * t), got.get(i), 1e-15);
        }
    }

    /** One op (or a small composition) per family, applied to x; second derivatives flow through each. */
    static Stream<Arguments> families() {
        return Stream.of(
                family("softmax", (f, x) -> f.apply(Softmax.softmax(-1), x)),
                family("log_softmax", (f, x) -> f.apply(Softmax.logSoftmax(0), x)),
                family("logsumexp", (f, x) -> f.apply(Reductions.logsumexp(new int[] {1}, false), x)),
                family("mean", (f, x) -> f.apply(Elementwise.sin(), f.apply(Reductions.mean(new int[] {0}, true), x))),
                family("max", (f, x) -> f.apply(Elementwise.tanh(), f.apply(Reductions.max(new int[] {1}, false), x))),
                family("matmul", (f, x) -> f.apply(MatMul.matmul(), f.apply(Elementwise.tanh(), x), f.apply(Shapes.transpose(), x))),
                family("matmul 1-D", (f, x) -> f.apply(MatMul.matmul(),
                        f.apply(Reductions.sum(new int[] {0}, false), x), f.apply(Elementwise.sin(), f.apply(Shapes.transpose(), x)))),
                family("cross_entropy", (f, x) -> f.apply(Losses.crossEntropy(), x, f.labels("y", Tensor.vector(2, 0)))),
                family("binary_cross_entropy", (f, x) -> f.apply(Losses.binaryCrossEntropy(), x, f.apply(Elementwise.sigmoid(), x))),
                family("gelu", (f, x) -> f.apply(Elementwise.gelu(), x)),
                family("pow", (f, x) -> f.apply(Elementwise.pow(), f.apply(Elementwise.exp(), x), x)),
                family("div", (f, x) -> f.apply(Elementwise.div(), x, f.apply(Elementwise.add(), f.constant(Tensor.scalar(3)),
                        f.apply(Elementwise.tanh(), x)))),
                family("sqrt", (f, x) -> f.apply(Elementwise.sqrt(), f.apply(Elementwise.exp(), x))),
                family("reshape", (f, x) -> f.apply(Elementwise.mul(), f.apply(Shapes.reshape(
                        GradientFixture.shape(3, 2).dims(), -1), x), f.apply(Shapes.reshape(GradientFixture.shape(3, 2).dims(), -1), x))),
                family("broadcast", (f, x) -> f.apply(Elementwise.mul(), x, f.apply(Reductions.sum(new int[] {0}, false), x))));
    }

    private static Arguments family(String name, java.util.function.BiFunction<GradientFixture, Node, Node> build) {
        return Arguments.of(name, build);
    }

    /**
     * loss = sum(grad(sum(F(x) * r), x) * s): its gradient is a Hessian-vector product, built
     * by differentiating each rule's own output, and checked against finite differences of
     * the first derivative.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void hessianVectorProducts(String name, java.util.function.BiFunction<GradientFixture, Node, Node> build) {
        for (int point = 0; point < 2; point++) {
            GradientFixture f = new GradientFixture(point);
            Node x = f.input("x", f.distinct(2, 3));
            Node out = build.apply(f, x);
            Node r = f.input("r", f.between(-1, 1, out.shape().sizes()));
            Node first = f.apply(Reductions.sum(null, false), f.apply(Elementwise.mul(), out, r));
            Node dx = f.apply(Differentiation.grad(), first, x);
            Node s = f.input("s", f.between(-1, 1, 2, 3));
            Node loss = f.apply(Reductions.sum(null, false), f.apply(Elementwise.mul(), dx, s));
            f.graph().bind("loss", loss.id());
            f.assertChecked(f.model(loss));
        }
    }
}
