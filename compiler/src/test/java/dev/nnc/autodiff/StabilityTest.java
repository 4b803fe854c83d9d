package dev.nnc.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.interp.Evaluation;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Differentiation;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Losses;
import dev.nnc.ir.ops.Reductions;
import dev.nnc.ir.ops.Softmax;
import dev.nnc.testing.GradientFixture;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The stable ops' gradients at inputs of ±1000, where a naive exp overflows: finite, and equal
 * to their exact values, which are computed here independently with the max subtracted.
 */
class StabilityTest {

    private static final double[] LOGITS = {1000, 0, -1000, 999};
    private static final double[] WEIGHTS = {0.5, -1.5, 2, 0.25};

    /** softmax of LOGITS, computed stably by hand. */
    private static double[] softmax(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp(x[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < x.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** d/dx of the scalar {@code build(x)}, evaluated at {@code value}. */
    private static double[] gradient(Tensor value, BiFunction<GradientFixture, Node, Node> build) {
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", value);
        Node loss = build.apply(f, x);
        f.graph().bind("loss", loss.id());
        Evaluation e = Interpreter.run(Differentiate.gradients(f.model(loss), "loss").model(), f.feeds());
        double[] d = e.value("dloss/dx").data();
        for (double v : d) {
            assertTrue(Double.isFinite(v), "finite gradient");
        }
        return d;
    }

    private static Node weightedSum(GradientFixture f, Node v) {
        Node w = f.constant(Tensor.vector(WEIGHTS));
        return f.apply(Reductions.sum(null, false), f.apply(Elementwise.mul(), v, w));
    }

    @Test
    void softmax() {
        double[] p = softmax(LOGITS);
        double dot = 0;
        for (int i = 0; i < p.length; i++) {
            dot += p[i] * WEIGHTS[i];
        }
        double[] expected = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            expected[i] = p[i] * (WEIGHTS[i] - dot);
        }
        assertArrayEquals(expected, gradient(Tensor.vector(LOGITS),
                (f, x) -> weightedSum(f, f.apply(Softmax.softmax(-1), x))), 1e-15);
    }

    @Test
    void logSoftmax() {
        double[] p = softmax(LOGITS);
        double total = 0;
        for (double w : WEIGHTS) {
            total += w;
        }
        double[] expected = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            expected[i] = WEIGHTS[i] - p[i] * total;
        }
        assertArrayEquals(expected, gradient(Tensor.vector(LOGITS),
                (f, x) -> weightedSum(f, f.apply(Softmax.logSoftmax(0), x))), 1e-15);
    }

    @Test
    void logsumexp() {
        assertArrayEquals(softmax(LOGITS), gradient(Tensor.vector(LOGITS),
                (f, x) -> f.apply(Reductions.logsumexp(null, false), x)), 1e-15);
        // At -1000 as well; the exact answer is the softmax of the stored doubles (about 3:1).
        double[] negated = {-1000, -1000 - Math.log(3)};
        assertArrayEquals(softmax(negated), gradient(Tensor.vector(negated),
                (f, x) -> f.apply(Reductions.logsumexp(null, false), x)), 1e-15);
        // Over two axes of a matrix, with keepdims.
        Tensor m = Tensor.matrix(new double[] {1000, 0}, new double[] {-1000, 999});
        assertArrayEquals(softmax(new double[] {1000, 0, -1000, 999}), gradient(m,
                (f, x) -> f.apply(Reductions.sum(null, false), f.apply(Reductions.logsumexp(new int[] {0, 1}, true), x))),
                1e-15);
    }

    @Test
    void crossEntropy() {
        double[] p = softmax(LOGITS);
        for (int label = 0; label < LOGITS.length; label++) {
            double[] expected = p.clone();
            expected[label] -= 1;
            int y = label;
            assertArrayEquals(expected, gradient(Tensor.vector(LOGITS), (f, x) ->
                    f.apply(Losses.crossEntropy(), x, f.labels("y", Tensor.scalar(y)))), 1e-15);
        }
        // Batched, under a mean: each row's gradient is halved. Row 0 is right and certain (0);
        // row 1 is certain and wrong: softmax [0, 1] minus one-hot [1, 0].
        Tensor batch = Tensor.matrix(new double[] {1000, -1000}, new double[] {-1000, 1000});
        assertArrayEquals(new double[] {0, 0, -0.5, 0.5}, gradient(batch, (f, x) -> f.apply(Reductions.mean(null, false),
                f.apply(Losses.crossEntropy(), x, f.labels("y", Tensor.vector(0, 0))))), 0);
    }

    @Test
    void binaryCrossEntropy() {
        Tensor z = Tensor.vector(1000, -1000, 1000, -1000);
        Tensor t = Tensor.vector(0.3, 0.3, 1, 0);
        // d/dz = sigmoid(z) - t; sigmoid(±1000) is exactly 1 or 0 in double.
        assertArrayEquals(new double[] {0.7, -0.3, 0, 0}, gradient(z, (f, x) ->
                f.apply(Reductions.sum(null, false), f.apply(Losses.binaryCrossEntropy(), x, f.constant(t)))), 1e-16);
        // d/dt = -z.
        assertArrayEquals(new double[] {-1000, 1000, -1000, 1000}, gradient(t, (f, x) ->
                f.apply(Reductions.sum(null, false), f.apply(Losses.binaryCrossEntropy(), f.constant(z), x))), 0);
        // d²/dz² = σ(z)(1 - σ(z)): 0 at ±1000, not NaN.
        assertArrayEquals(new double[] {0, 0, 0, 0}, gradient(z, (f, x) -> {
            Node y = f.apply(Reductions.sum(null, false), f.apply(Losses.binaryCrossEntropy(), x, f.constant(t)));
            return f.apply(Reductions.sum(null, false), f.apply(Differentiation.grad(), y, x));
        }), 0);
    }

    @Test
    void softplusAndItsSecondDerivative() {
        assertArrayEquals(new double[] {1, 0}, gradient(Tensor.vector(1000, -1000),
                (f, x) -> f.apply(Reductions.sum(null, false), f.apply(Elementwise.softplus(), x))), 0);
        // softplus'' = sigmoid (1 - sigmoid): 0 at both ends, not NaN.
        assertArrayEquals(new double[] {0, 0}, gradient(Tensor.vector(1000, -1000), (f, x) -> {
            Node y = f.apply(Reductions.sum(null, false), f.apply(Elementwise.softplus(), x));
            return f.apply(Reductions.sum(null, false), f.apply(Differentiation.grad(), y, x));
        }), 0);
    }
}
