package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.OpAssertions.assertRejects;
import static dev.nnc.ir.ops.OpAssertions.assertTensor;
import static dev.nnc.ir.ops.OpAssertions.dims;
import static dev.nnc.ir.ops.OpAssertions.eval;
import static dev.nnc.ir.ops.OpAssertions.f64;
import static dev.nnc.ir.ops.OpAssertions.infer;
import static dev.nnc.ir.ops.OpAssertions.int32;
import static dev.nnc.ir.ops.OpAssertions.rejects;
import static dev.nnc.ir.ops.OpAssertions.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.ir.Tensor;
import org.junit.jupiter.api.Test;

class MatMulTest {

    private static final MatMul MM = MatMul.matmul();
    private static final Tensor A = Tensor.matrix(values(1, 2), values(3, 4));
    private static final Tensor B = Tensor.matrix(values(5, 6), values(7, 8));

    @Test
    void shapeRule() {
        assertEquals("matmul", MM.name());
        assertEquals(f64("B", 256), infer(MM, f64("B", 784), f64(784, 256)));
        assertEquals(f64(10), infer(MM, f64(784), f64(784, 10)));
        assertEquals(f64("B"), infer(MM, f64("B", 3), f64(3)));
        assertEquals(f64(), infer(MM, f64(3), f64(3)));
        assertEquals(f64(2, 3), infer(MM, f64(2, "N"), f64("N", 3)));
    }

    @Test
    void errors() {
        assertRejects("cannot multiply [B, 784] @ [256, 10]: inner dimensions 784 and 256 differ", -1,
                MM, f64("B", 784), f64(256, 10));
        assertRejects("cannot multiply [2, N] @ [M, 3]: inner dimensions N and M differ", -1,
                MM, f64(2, "N"), f64("M", 3));
        assertRejects("cannot multiply [3] @ [4]: inner dimensions 3 and 4 differ", -1, MM, f64(3), f64(4));
        assertRejects("cannot multiply [] @ [3]: @ needs 1-D or 2-D operands, found a scalar on the left", 0,
                MM, f64(), f64(3));
        assertEquals("use * to scale by a scalar", rejects(MM, f64(), f64(3)).hint());
        assertRejects("cannot multiply [3] @ [2, 3, 4]: @ needs 1-D or 2-D operands, found rank 3 on the right", 1,
                MM, f64(3), f64(2, 3, 4));
        assertRejects("integer tensor used where a float is needed", 1, MM, f64(2, 3), int32(3));
    }

    @Test
    void matrixTimesMatrix() {
        assertTensor(dims(2, 2), values(19, 22, 43, 50), eval(MM, A, B));
        assertTensor(dims(1, 1), values(14), eval(MM, Tensor.matrix(values(1, 2, 3)),
                Tensor.matrix(values(1), values(2), values(3))));
        assertTensor(dims(3, 2), values(1, 2, 2, 4, 3, 6), eval(MM, Tensor.matrix(values(1), values(2), values(3)),
                Tensor.matrix(values(1, 2))));
    }

    @Test
    void vectorTimesMatrix() {
        assertTensor(dims(2), values(19, 22), eval(MM, Tensor.vector(1, 2), B));
    }

    @Test
    void matrixTimesVector() {
        assertTensor(dims(2), values(17, 39), eval(MM, A, Tensor.vector(5, 6)));
    }

    @Test
    void vectorTimesVector() {
        assertTensor(dims(), values(32), eval(MM, Tensor.vector(1, 2, 3), Tensor.vector(4, 5, 6)));
    }
}
