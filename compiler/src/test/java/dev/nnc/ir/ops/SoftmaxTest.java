package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.OpAssertions.assertRejects;
import static dev.nnc.ir.ops.OpAssertions.assertTensor;
import static dev.nnc.ir.ops.OpAssertions.dims;
import static dev.nnc.ir.ops.OpAssertions.eval;
import static dev.nnc.ir.ops.OpAssertions.f32;
import static dev.nnc.ir.ops.OpAssertions.f64;
import static dev.nnc.ir.ops.OpAssertions.infer;
import static dev.nnc.ir.ops.OpAssertions.int32;
import static dev.nnc.ir.ops.OpAssertions.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.ir.Tensor;
import org.junit.jupiter.api.Test;

class SoftmaxTest {

    private static final double LN2 = 0.6931471805599453;

    @Test
    void namesAndShapes() {
        assertEquals("softmax(axis=-1)", Softmax.softmax(-1).name());
        assertEquals("log_softmax(axis=1)", Softmax.logSoftmax(1).name());
        assertEquals(f32("B", 10), infer(Softmax.softmax(-1), f32("B", 10)));
        assertEquals(f64("B", 10), infer(Softmax.logSoftmax(0), f64("B", 10)));
    }

    @Test
    void errors() {
        assertRejects("axis 1 is out of range for a tensor of rank 1", 0, Softmax.softmax(1), f64(3));
        assertRejects("axis -1 is out of range for a tensor of rank 0", 0, Softmax.softmax(-1), f64());
        assertRejects("integer tensor used where a float is needed", 0, Softmax.logSoftmax(-1), int32(3));
    }

    @Test
    void softmaxIsExactAtLargeInputs() {
        assertTensor(dims(2), values(1, 0), eval(Softmax.softmax(-1), Tensor.vector(1000, 0)));
        assertTensor(dims(2), values(0, 1), eval(Softmax.softmax(0), Tensor.vector(-1000, 1000)));
        assertTensor(dims(2), values(0.5, 0.5), eval(Softmax.softmax(0), Tensor.vector(0, 0)));
        assertTensor(dims(2), values(0.5, 0.5), eval(Softmax.softmax(0), Tensor.vector(-1000, -1000)));
    }

    @Test
    void softmaxOfOneTwoThree() {
        // e^i / (e + e^2 + e^3), from 30-digit mpmath.
        assertTensor(dims(3), values(0.09003057317038046, 0.24472847105479764, 0.6652409557748219),
                eval(Softmax.softmax(-1), Tensor.vector(1, 2, 3)), 1e-15);
    }

    @Test
    void logSoftmaxIsExactAtLargeInputs() {
        assertTensor(dims(2), values(0, -1000), eval(Softmax.logSoftmax(-1), Tensor.vector(1000, 0)));
        assertTensor(dims(2), values(-LN2, -LN2), eval(Softmax.logSoftmax(-1), Tensor.vector(0, 0)));
        assertTensor(dims(2), values(-2000, 0), eval(Softmax.logSoftmax(-1), Tensor.vector(-1000, 1000)));
    }

    @Test
    void alongEachAxis() {
        Tensor m = Tensor.matrix(values(1, 1000), values(1, 0));
        assertTensor(dims(2, 2), values(0.5, 1, 0.5, 0), eval(Softmax.softmax(0), m));
        assertTensor(dims(2, 2), values(0, 1, 0.5, 0.5), eval(Softmax.softmax(1), Tensor.matrix(values(0, 1000),
                values(7, 7))));
        // In a [2, 2, 2] cube, softmax along the middle axis pairs x[i, 0, k] with x[i, 1, k].
        Tensor cube = new Tensor(dims(2, 2, 2), values(0, 0, 1000, 0, 0, 0, 0, 1000));
        assertTensor(dims(2, 2, 2), values(0, 0.5, 1, 0.5, 0.5, 0, 0.5, 1), eval(Softmax.softmax(1), cube));
        assertTensor(dims(2, 2, 2), values(-1000, -LN2, 0, -LN2, -LN2, -1000, -LN2, 0),
                eval(Softmax.logSoftmax(-2), cube));
    }
}
