package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.Scalar.Fn.ADD;
import static dev.nnc.ir.ops.Scalar.Fn.GT;
import static dev.nnc.ir.ops.Scalar.Fn.MAX;
import static dev.nnc.ir.ops.Scalar.Fn.MIN;
import static dev.nnc.ir.ops.Scalar.Fn.MUL;
import static dev.nnc.ir.ops.Scalar.Fn.SELECT;
import static dev.nnc.ir.ops.Scalar.Fn.SIGN;
import static dev.nnc.ir.ops.Scalar.Fn.EXP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalarTest {

    private static final Scalar X = Scalar.arg(0);
    private static final Scalar Y = Scalar.arg(1);

    @Test
    void evaluatesTrees() {
        Scalar fma = ADD.of(MUL.of(X, Y), Scalar.constant(1));
        assertEquals(7.0, fma.eval(2, 3));
        assertEquals(2, fma.arity());
        assertEquals("((x0 * x1) + 1.0)", fma.toString());
        assertEquals("exp(x0)", EXP.of(X).toString());
    }

    @Test
    void arityCountsTheHighestOperand() {
        assertEquals(0, Scalar.constant(3).arity());
        assertEquals(3, Scalar.arg(2).arity());
        assertEquals(1, EXP.of(X).arity());
    }

    @Test
    void applyChecksTheFunctionsArity() {
        assertThrows(IllegalArgumentException.class, () -> new Scalar.Apply(ADD, List.of(X)));
    }

    @Test
    void primitivesFollowJavaMath() {
        assertTrue(Double.isNaN(MAX.apply(Double.NaN, 1)));
        assertTrue(Double.isNaN(MIN.apply(1, Double.NaN)));
        assertEquals(0.0, SIGN.apply(0.0));
        assertEquals(-1.0, SIGN.apply(-3));
        assertEquals(1.0, GT.apply(2, 1));
        assertEquals(0.0, GT.apply(1, 1));
        assertEquals(0.0, GT.apply(Double.NaN, 1));
        assertEquals(5.0, SELECT.apply(1, 5, 6));
        assertEquals(6.0, SELECT.apply(0, 5, 6));
        assertEquals(0.8427007929497149, Scalar.Fn.ERF.apply(1.0), 1e-15);
    }

    @Test
    void treesAreValues() {
        assertEquals(ADD.of(X, Scalar.constant(0.5)), ADD.of(Scalar.arg(0), Scalar.constant(0.5)));
    }
}
