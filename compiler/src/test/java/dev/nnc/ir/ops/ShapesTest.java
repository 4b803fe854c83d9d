package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.OpAssertions.assertRejects;
import static dev.nnc.ir.ops.OpAssertions.assertTensor;
import static dev.nnc.ir.ops.OpAssertions.dims;
import static dev.nnc.ir.ops.OpAssertions.eval;
import static dev.nnc.ir.ops.OpAssertions.f64;
import static dev.nnc.ir.ops.OpAssertions.infer;
import static dev.nnc.ir.ops.OpAssertions.int32;
import static dev.nnc.ir.ops.OpAssertions.shape;
import static dev.nnc.ir.ops.OpAssertions.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.ir.Dim;
import dev.nnc.ir.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapesTest {

    /** A reshape written as in the language: -1 marks the inferred axis. */
    private static Shapes.Reshape reshape(Object... dims) {
        int inferred = -1;
        Object[] written = dims.clone();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i].equals(-1)) {
                inferred = i;
                written[i] = 1;
            }
        }
        return Shapes.reshape(shape(written).dims(), inferred);
    }

    private static final Tensor ONE_TO_SIX = Tensor.matrix(values(1, 2, 3), values(4, 5, 6));

    @Test
    void transpose() {
        assertEquals("transpose", Shapes.transpose().name());
        assertEquals(f64(3, "B"), infer(Shapes.transpose(), f64("B", 3)));
        assertEquals(int32(3, 2), infer(Shapes.transpose(), int32(2, 3)));
        assertRejects("transpose needs a 2-D tensor, found [3]", 0, Shapes.transpose(), f64(3));
        assertRejects("transpose needs a 2-D tensor, found []", 0, Shapes.transpose(), f64());
        assertTensor(dims(3, 2), values(1, 4, 2, 5, 3, 6), eval(Shapes.transpose(), ONE_TO_SIX));
    }

    @Test
    void reshapeNamesAndEquality() {
        assertEquals("reshape([-1, 28, 28])", reshape(-1, 28, 28).name());
        assertEquals("reshape([B, 10])", reshape("B", 10).name());
        // The placeholder at the inferred axis does not matter.
        assertEquals(reshape(-1, 28), Shapes.reshape(List.of(Dim.of(99), Dim.of(28)), 0));
    }

    @Test
    void reshapeShapeRule() {
        assertEquals(f64(3, 2), infer(reshape(3, 2), f64(2, 3)));
        assertEquals(f64(6), infer(reshape(-1), f64(2, 3)));
        assertEquals(f64(2, 3), infer(reshape(2, -1), f64(6)));
        assertEquals(f64("B", 28, 28), infer(reshape(-1, 28, 28), f64("B", 784)));
        assertEquals(f64("B", 28, 28), infer(reshape("B", -1, 28), f64("B", 784)));
        assertEquals(f64("B", 28, 28), infer(reshape("B", 28, 28), f64("B", 784)));
        assertEquals(f64("B", 784), infer(reshape("B", -1), f64("B", 28, 28)));
        assertEquals(f64(784, "B"), infer(reshape(784, "B"), f64("B", 784)));
        assertEquals(int32("B", 1), infer(reshape("B", 1), int32("B")));
        assertEquals(f64(), infer(reshape(), f64(1, 1)));
    }

    @Test
    void reshapeErrors() {
        assertRejects("cannot reshape [B, 784] to [B, 10, 10]: 784 elements per B cannot fill 100", -1,
                reshape("B", 10, 10), f64("B", 784));
        assertRejects("cannot reshape [2, 3] to [4]: 6 elements cannot fill 4", -1, reshape(4), f64(2, 3));
        assertRejects("cannot reshape [B, 784] to [784]: the target drops the symbolic dimension B", -1,
                reshape(784), f64("B", 784));
        assertRejects("cannot reshape [B, 784] to [N, 784]: N is not a dimension of [B, 784]", -1,
                reshape("N", 784), f64("B", 784));
        assertRejects("cannot reshape [B, 784] to [-1, 28]: the -1 dimension would be B*28, which is not a single"
                + " dimension", -1, reshape(-1, 28), f64("B", 784));
        assertRejects("cannot reshape [B, T, 4] to [-1, 4]: the -1 dimension would be B*T, which is not a single"
                + " dimension", -1, reshape(-1, 4), f64("B", "T", 4));
        assertRejects("cannot reshape [2, 3] to [-1, 4]: 6 elements do not divide into parts of 4", -1,
                reshape(-1, 4), f64(2, 3));
        assertRejects("cannot reshape [B, 6] to [B, -1, 4]: 6 elements per B do not divide into parts of 4", -1,
                reshape("B", -1, 4), f64("B", 6));
    }

    @Test
    void reshapeEvaluation() {
        assertTensor(dims(3, 2), values(1, 2, 3, 4, 5, 6), eval(reshape(3, 2), ONE_TO_SIX));
        assertTensor(dims(6), values(1, 2, 3, 4, 5, 6), eval(reshape(-1), ONE_TO_SIX));
        assertTensor(dims(3, 2), values(1, 2, 3, 4, 5, 6), eval(reshape(-1, 2), ONE_TO_SIX));
        // One symbol and no -1: the symbol is the unknown.
        assertTensor(dims(3, 2), values(1, 2, 3, 4, 5, 6), eval(reshape("B", 2), ONE_TO_SIX));
        assertThrows(IllegalArgumentException.class, () -> eval(reshape(4), ONE_TO_SIX));
    }

    @Test
    void twoUnknownsNeedTheSymbolsBound() {
        Shapes.Reshape flatten = reshape("B", -1);
        Tensor cube = new Tensor(dims(2, 2, 2), values(0, 1, 2, 3, 4, 5, 6, 7));
        assertThrows(IllegalStateException.class, () -> eval(flatten, cube));
        Shapes.Reshape bound = flatten.bind(Map.of("B", 2));
        assertEquals(reshape(2, -1), bound);
        assertTensor(dims(2, 4), values(0, 1, 2, 3, 4, 5, 6, 7), eval(bound, cube));
    }
}
