package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.OpAssertions.assertRejects;
import static dev.nnc.ir.ops.OpAssertions.assertTensor;
import static dev.nnc.ir.ops.OpAssertions.dims;
import static dev.nnc.ir.ops.OpAssertions.eval;
import static dev.nnc.ir.ops.OpAssertions.f32;
import static dev.nnc.ir.ops.OpAssertions.f64;
import static dev.nnc.ir.ops.OpAssertions.infer;
import static dev.nnc.ir.ops.OpAssertions.int32;
import static dev.nnc.ir.ops.OpAssertions.rejects;
import static dev.nnc.ir.ops.OpAssertions.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.ir.Tensor;
import org.junit.jupiter.api.Test;

class LossesTest {

    private static final double LN2 = 0.6931471805599453;

    /** cross_entropy of logits and int labels (held as doubles). */
    private static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return eval(Losses.crossEntropy(), logits, labels);
    }

    @Test
    void crossEntropyShapes() {
        assertEquals("cross_entropy", Losses.crossEntropy().name());
        assertEquals(f32("B"), infer(Losses.crossEntropy(), f32("B", 10), int32("B")));
        assertEquals(f64(), infer(Losses.crossEntropy(), f64(10), int32()));
        assertEquals(f64(4), infer(Losses.crossEntropy(), f64(4, 3), int32(4)));
    }

    @Test
    void crossEntropyErrors() {
        assertRejects("cross_entropy needs integer class labels, found a float tensor", 1,
                Losses.crossEntropy(), f64("B", 10), f64("B"));
        assertEquals("declare the labels as an integer tensor, e.g. input y: int[B]",
                rejects(Losses.crossEntropy(), f64("B", 10), f64("B")).hint());
        assertRejects("integer tensor used where a float is needed", 0,
                Losses.crossEntropy(), int32("B", 10), int32("B"));
        assertRejects("cross_entropy needs logits of shape [N, C] or [C], found [2, 3, 4]", 0,
                Losses.crossEntropy(), f64(2, 3, 4), int32(2));
        assertRejects("cross_entropy of logits [B, 10] needs labels of shape [B], found int[3]", 1,
                Losses.crossEntropy(), f64("B", 10), int32(3));
        assertRejects("cross_entropy of logits [4, 10] needs labels of shape [4], found int[5]", 1,
                Losses.crossEntropy(), f64(4, 10), int32(5));
        assertRejects("cross_entropy of logits [10] needs labels of shape [], found int[1]", 1,
                Losses.crossEntropy(), f64(10), int32(1));
    }

    @Test
    void crossEntropyIsExactAtLargeLogits() {
        assertEquals(1000.0, crossEntropy(Tensor.vector(1000, 0), Tensor.scalar(1)).item());
        assertEquals(0.0, crossEntropy(Tensor.vector(1000, 0), Tensor.scalar(0)).item());
        assertEquals(2000.0, crossEntropy(Tensor.vector(-1000, 1000), Tensor.scalar(0)).item());
        assertTensor(dims(2), values(LN2, 1000),
                crossEntropy(Tensor.matrix(values(0, 0), values(1000, 0)), Tensor.vector(0, 1)));
    }

    @Test
    void crossEntropyOfOneTwoThree() {
        // -log(e^3 / (e + e^2 + e^3)), from 30-digit mpmath.
        assertEquals(0.4076059644443803, crossEntropy(Tensor.vector(1, 2, 3), Tensor.scalar(2)).item(), 1e-15);
    }

    @Test
    void labelsOutOfRangeAreReported() {
        Tensor logits = Tensor.zeros(4, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> crossEntropy(logits, Tensor.vector(0, 1, 2, 12)));
        assertEquals("label 12 is out of range for 10 classes (example 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> crossEntropy(logits, Tensor.vector(-1, 1, 2, 3)));
        assertEquals("label -1 is out of range for 10 classes (example 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> crossEntropy(Tensor.zeros(3), Tensor.scalar(3)));
        assertEquals("label 3 is out of range for 3 classes", e.getMessage());
    }

    @Test
    void binaryCrossEntropy() {
        Elementwise bce = Losses.binaryCrossEntropy();
        assertEquals("binary_cross_entropy", bce.name());
        assertEquals(f64(2, 3), infer(bce, f64(2, 1), f64(3)));
        assertEquals(f32("B"), infer(bce, f32("B"), f32("B")));
        assertRejects("cannot compute binary_cross_entropy of [2] and [3]: dimensions 2 and 3 do not broadcast", 1,
                bce, f64(2), f64(3));
        assertRejects("integer tensor used where a float is needed", 1, bce, f64("B"), int32("B"));

        // -(t log σ(z) + (1 - t) log(1 - σ(z))): ln 2 at z = 0; |z| when the guess is confidently wrong.
        assertTensor(dims(4), values(LN2, 0, 1000, 1000),
                eval(bce, Tensor.vector(0, 1000, -1000, 1000), Tensor.vector(1, 1, 1, 0)));
        // z = 2, t = 0.25: 2 - 0.5 + log1p(e^-2).
        assertEquals(1.6269280110429725, eval(bce, Tensor.scalar(2), Tensor.scalar(0.25)).item(), 1e-15);
    }
}
