package dev.nnc.ir.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.testing.FiniteDifferences;
import dev.nnc.testing.GradientFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** cross_entropy's VJP (binary_cross_entropy is elementwise: see ElementwiseGradientTest). */
class LossesGradientTest {

    @Test
    void batchedLogits() {
        for (int point = 0; point < 4; point++) {
            GradientFixture f = new GradientFixture(point);
            Node logits = f.input("logits", f.between(-3, 3, 4, 3));
            Node labels = f.labels("y", f.classes(3, 4));
            Map<String, FiniteDifferences.Check> checks = f.assertGradients(f.apply(Losses.crossEntropy(), logits, labels));
            assertEquals(List.of("logits", "r"), List.copyOf(checks.keySet()), "integer labels are not differentiated");
        }
    }

    @Test
    void oneExample() {
        for (int point = 0; point < 3; point++) {
            GradientFixture f = new GradientFixture(10 + point);
            Node logits = f.input("logits", f.between(-3, 3, 5));
            Node label = f.labels("y", f.classes(5));
            f.assertGradients(f.apply(Losses.crossEntropy(), logits, label));
        }
    }

    @Test
    void symbolicBatchUnderAMean() {
        GradientFixture f = new GradientFixture(20);
        Node logits = f.input("logits", f.between(-3, 3, 5, 4), "B", 4);
        Node labels = f.labels("y", f.classes(4, 5), "B");
        Node loss = f.apply(Reductions.mean(null, false), f.apply(Losses.crossEntropy(), logits, labels));
        f.graph().bind("loss", loss.id());
        f.assertChecked(f.model(loss));
    }

    @Test
    void theGradientIsSoftmaxMinusOneHot() {
        GradientFixture f = new GradientFixture(0);
        Node logits = f.input("logits", Tensor.vector(Math.log(1), Math.log(2), Math.log(5)));
        Node label = f.labels("y", Tensor.scalar(1));
        Node loss = f.apply(Losses.crossEntropy(), logits, label);
        f.graph().bind("loss", loss.id());
        Tensor d = Interpreter.run(Differentiate.gradients(f.model(loss), "loss").model(), f.feeds())
                .value("dloss/dlogits");
        assertArrayEquals(new double[] {0.125, 0.25 - 1, 0.625}, d.data(), 1e-15);
    }

    @Test
    void oneHot() {
        Tensor like = Tensor.zeros(3, 4);
        Tensor hot = Losses.oneHot().evaluate(List.of(Tensor.vector(2, 0, 3), like));
        assertArrayEquals(new double[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}, hot.data());
        assertArrayEquals(new double[] {0, 1, 0}, Losses.oneHot().evaluate(List.of(Tensor.scalar(1), Tensor.zeros(3))).data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.oneHot().evaluate(List.of(Tensor.vector(0, 4, 1), like)));
        assertEquals("label 4 is out of range for 4 classes (example 1)", e.getMessage());
        assertEquals(OpAssertions.f64("B", 10),
                OpAssertions.infer(Losses.oneHot(), OpAssertions.int32("B"), OpAssertions.f64("B", 10)));
        OpAssertions.assertRejects("one_hot to [B, 10] needs labels of shape [B], found int[3]", 0,
                Losses.oneHot(), OpAssertions.int32(3), OpAssertions.f64("B", 10));
    }
}
