package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.OpAssertions.assertRejects;
import static dev.nnc.ir.ops.OpAssertions.assertTensor;
import static dev.nnc.ir.ops.OpAssertions.dims;
import static dev.nnc.ir.ops.OpAssertions.eval;
import static dev.nnc.ir.ops.OpAssertions.f64;
import static dev.nnc.ir.ops.OpAssertions.infer;
import static dev.nnc.ir.ops.OpAssertions.int32;
import static dev.nnc.ir.ops.OpAssertions.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nnc.ir.Tensor;
import org.junit.jupiter.api.Test;

class ReductionsTest {

    private static final double LN2 = 0.6931471805599453;
    /** [[1, 2, 3], [4, 5, 6]]. */
    private static final Tensor X = Tensor.matrix(values(1, 2, 3), values(4, 5, 6));
    /** [2, 2, 2] holding 0..7: x[i, j, k] = 4i + 2j + k. */
    private static final Tensor CUBE = new Tensor(dims(2, 2, 2), values(0, 1, 2, 3, 4, 5, 6, 7));

    private static int[] axis(int... a) {
        return a;
    }

    @Test
    void names() {
        assertEquals("sum", Reductions.sum(null, false).name());
        assertEquals("sum(axis=1)", Reductions.sum(axis(1), false).name());
        assertEquals("mean(axis=-1, keepdims)", Reductions.mean(axis(-1), true).name());
        assertEquals("max(axis=[0, 1])", Reductions.max(axis(0, 1), false).name());
        assertEquals("logsumexp(keepdims)", Reductions.logsumexp(null, true).name());
        assertEquals("min(axis=0)", Reductions.min(axis(0), false).name());
    }

    @Test
    void opsAreValues() {
        assertEquals(Reductions.sum(axis(1), false), Reductions.sum(axis(1), false));
        assertNotEquals(Reductions.sum(axis(1), false), Reductions.sum(axis(-1), false));
        assertNotEquals(Reductions.sum(null, false), Reductions.mean(null, false));
    }

    @Test
    void shapeRule() {
        assertEquals(f64(), infer(Reductions.sum(null, false), f64("B", 10)));
        assertEquals(f64(1, 1), infer(Reductions.sum(null, true), f64("B", 10)));
        assertEquals(f64("B"), infer(Reductions.sum(axis(1), false), f64("B", 10)));
        assertEquals(f64(10), infer(Reductions.mean(axis(0), false), f64("B", 10)));
        assertEquals(f64("B", 1), infer(Reductions.mean(axis(-1), true), f64("B", 10)));
        assertEquals(f64(3), infer(Reductions.max(axis(0, 2), false), f64(2, 3, 4)));
        assertEquals(f64(), infer(Reductions.logsumexp(null, false), f64()));
        assertEquals(f64(2, 4), infer(Reductions.min(axis(-2), false), f64(2, 3, 4)));
    }

    @Test
    void errors() {
        assertRejects("axis 2 is out of range for a tensor of rank 2", 0, Reductions.sum(axis(2), false), f64(2, 3));
        assertRejects("axis -3 is out of range for a tensor of rank 2", 0, Reductions.sum(axis(-3), false), f64(2, 3));
        assertRejects("axis 0 is out of range for a tensor of rank 0", 0, Reductions.mean(axis(0), false), f64());
        assertRejects("sum(axis=[1, -1]) names axis 1 twice", 0, Reductions.sum(axis(1, -1), false), f64(2, 3));
        assertRejects("integer tensor used where a float is needed", 0, Reductions.sum(null, false), int32("B"));
    }

    @Test
    void sumAlongEachAxis() {
        assertTensor(dims(), values(21), eval(Reductions.sum(null, false), X));
        assertTensor(dims(1, 1), values(21), eval(Reductions.sum(null, true), X));
        assertTensor(dims(3), values(5, 7, 9), eval(Reductions.sum(axis(0), false), X));
        assertTensor(dims(1, 3), values(5, 7, 9), eval(Reductions.sum(axis(0), true), X));
        assertTensor(dims(2), values(6, 15), eval(Reductions.sum(axis(1), false), X));
        assertTensor(dims(2), values(6, 15), eval(Reductions.sum(axis(-1), false), X));
        assertTensor(dims(2, 1), values(6, 15), eval(Reductions.sum(axis(-1), true), X));
        assertTensor(dims(), values(21), eval(Reductions.sum(axis(0, 1), false), X));
    }

    @Test
    void sumOverInnerAxesOfACube() {
        assertTensor(dims(2, 2), values(2, 4, 10, 12), eval(Reductions.sum(axis(1), false), CUBE));
        assertTensor(dims(2, 2), values(4, 6, 8, 10), eval(Reductions.sum(axis(0), false), CUBE));
        assertTensor(dims(2, 2), values(1, 5, 9, 13), eval(Reductions.sum(axis(2), false), CUBE));
        assertTensor(dims(2), values(10, 18), eval(Reductions.sum(axis(0, 2), false), CUBE));
        assertTensor(dims(1, 2, 1), values(10, 18), eval(Reductions.sum(axis(-1, 0), true), CUBE));
    }

    @Test
    void meanDividesByTheReducedCount() {
        assertTensor(dims(), values(3.5), eval(Reductions.mean(null, false), X));
        assertTensor(dims(3), values(2.5, 3.5, 4.5), eval(Reductions.mean(axis(0), false), X));
        assertTensor(dims(2, 1), values(2, 5), eval(Reductions.mean(axis(1), true), X));
        assertTensor(dims(2), values(2.5, 4.5), eval(Reductions.mean(axis(0, 2), false), CUBE));
    }

    @Test
    void maxAndMin() {
        assertTensor(dims(3), values(4, 5, 6), eval(Reductions.max(axis(0), false), X));
        assertTensor(dims(2), values(3, 6), eval(Reductions.max(axis(1), false), X));
        assertTensor(dims(), values(6), eval(Reductions.max(null, false), X));
        assertTensor(dims(2), values(1, 4), eval(Reductions.min(axis(-1), false), X));
        assertTensor(dims(1, 3), values(1, 2, 3), eval(Reductions.min(axis(0), true), X));
        assertTensor(dims(2), values(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY),
                eval(Reductions.max(axis(1), false), Tensor.zeros(2, 0)));
    }

    @Test
    void logsumexpIsStable() {
        assertEquals(1000 + LN2, eval(Reductions.logsumexp(null, false), Tensor.vector(1000, 1000)).item());
        assertEquals(-1000 + LN2, eval(Reductions.logsumexp(null, false), Tensor.vector(-1000, -1000)).item());
        assertEquals(1000.0, eval(Reductions.logsumexp(null, false), Tensor.vector(1000, -1000)).item());
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(-inf, eval(Reductions.logsumexp(null, false), Tensor.vector(-inf, -inf)).item());
        assertEquals(inf, eval(Reductions.logsumexp(null, false), Tensor.vector(1, inf)).item());
        assertTensor(dims(2), values(LN2, 1000), eval(Reductions.logsumexp(axis(1), false),
                Tensor.matrix(values(0, 0), values(1000, -1000))));
        assertTensor(dims(1, 2), values(LN2, 1000), eval(Reductions.logsumexp(axis(0), true),
                Tensor.matrix(values(0, 1000), values(0, -1000))));
    }
}
