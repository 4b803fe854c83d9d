package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.OpAssertions.assertRejects;
import static dev.nnc.ir.ops.OpAssertions.eval;
import static dev.nnc.ir.ops.OpAssertions.f64;
import static dev.nnc.ir.ops.OpAssertions.infer;
import static dev.nnc.ir.ops.OpAssertions.int32;
import static dev.nnc.ir.ops.OpAssertions.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.ir.Tensor;
import org.junit.jupiter.api.Test;

class DifferentiationTest {

    @Test
    void stopGradientIsTheIdentity() {
        assertEquals("stop_gradient", Differentiation.stopGradient().name());
        assertEquals(f64("B", 3), infer(Differentiation.stopGradient(), f64("B", 3)));
        Tensor t = Tensor.vector(1, 2);
        assertSame(t, eval(Differentiation.stopGradient(), t));
    }

    @Test
    void gradHasTheTypeOfItsVariable() {
        assertEquals("grad", Differentiation.grad().name());
        assertEquals(f64(2, 2), infer(Differentiation.grad(), f64(), f64(2, 2)));
        assertEquals(f64("B", 784), infer(Differentiation.grad(), f64(), f64("B", 784)));
    }

    @Test
    void gradErrors() {
        assertRejects("grad needs a scalar function, found [2]", 0, Differentiation.grad(), f64(2), f64(2));
        assertEquals("reduce it to a scalar first, e.g. grad(sum(f), v)",
                rejects(Differentiation.grad(), f64(2), f64(2)).hint());
        assertRejects("integer tensor used where a float is needed", 1, Differentiation.grad(), f64(), int32("B"));
        assertRejects("integer tensor used where a float is needed", 0, Differentiation.grad(), int32(), f64());
    }

    @Test
    void gradIsNeverEvaluated() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> eval(Differentiation.grad(), Tensor.scalar(1), Tensor.scalar(2)));
        assertEquals("grad(f, v) is never evaluated: Differentiate.expandGrads replaces it by its gradient graph",
                e.getMessage());
    }
}
