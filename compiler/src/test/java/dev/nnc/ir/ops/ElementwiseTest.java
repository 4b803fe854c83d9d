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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.DType;
import dev.nnc.ir.ShapeException;
import dev.nnc.ir.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElementwiseTest {

    private static final double LN2 = 0.6931471805599453;

    private static double apply(Elementwise op, double x) {
        return eval(op, Tensor.scalar(x)).item();
    }

    @Test
    void namesAndArities() {
        assertEquals("add", Elementwise.add().name());
        assertEquals("sub", Elementwise.sub().name());
        assertEquals("mul", Elementwise.mul().name());
        assertEquals("div", Elementwise.div().name());
        assertEquals("pow", Elementwise.pow().name());
        assertEquals("maximum", Elementwise.maximum().name());
        assertEquals("neg", Elementwise.neg().name());
        assertEquals("sigmoid", Elementwise.sigmoid().name());
        assertEquals("leaky_relu(slope=0.2)", Elementwise.leakyRelu(0.2).name());
        assertEquals("elu(alpha=1.0)", Elementwise.elu(1.0).name());
        assertEquals(2, Elementwise.add().arity());
        assertEquals(2, Elementwise.minimum().arity());
        assertEquals(1, Elementwise.gelu().arity());
        assertEquals(1, Elementwise.leakyRelu(0.1).arity());
    }

    @Test
    void opsAreValues() {
        assertEquals(Elementwise.add(), Elementwise.add());
        assertEquals(Elementwise.leakyRelu(0.2), Elementwise.leakyRelu(0.2));
        assertNotEquals(Elementwise.leakyRelu(0.2), Elementwise.leakyRelu(0.1));
        assertNotEquals(Elementwise.add(), Elementwise.sub());
    }

    @Test
    void broadcastingShapes() {
        assertEquals(f64("B", 10), infer(Elementwise.add(), f64("B", 10), f64(10)));
        assertEquals(f64(2, 3), infer(Elementwise.mul(), f64(2, 1), f64(1, 3)));
        assertEquals(f64("B", 4), infer(Elementwise.add(), f64(), f64("B", 4)));
        assertEquals(f64("B", 10), infer(Elementwise.sub(), f64("B", 10), f64("B", 10)));
        assertEquals(f64("B", 1), infer(Elementwise.div(), f64("B", 1), f64(1)));
        assertEquals(f32(3), infer(Elementwise.exp(), f32(3)));
        assertEquals(f32("B", 256), infer(Elementwise.relu(), f32("B", 256)));
    }

    @Test
    void broadcastErrorsNameTheOperationAndShapes() {
        assertRejects("cannot add [B, 10] and [3]: dimensions 10 and 3 do not broadcast", 1,
                Elementwise.add(), f64("B", 10), f64(3));
        assertRejects("cannot add [B] and [3]: dimensions B and 3 do not broadcast", 1,
                Elementwise.add(), f64("B"), f64(3));
        assertRejects("cannot add [B] and [N]: dimensions B and N do not broadcast", 1,
                Elementwise.add(), f64("B"), f64("N"));
        assertRejects("cannot subtract [2] and [3]: dimensions 2 and 3 do not broadcast", 1,
                Elementwise.sub(), f64(2), f64(3));
        assertRejects("cannot multiply [2] and [3]: dimensions 2 and 3 do not broadcast", 1,
                Elementwise.mul(), f64(2), f64(3));
        assertRejects("cannot divide [2] and [3]: dimensions 2 and 3 do not broadcast", 1,
                Elementwise.div(), f64(2), f64(3));
        assertRejects("cannot raise to a power [2] and [3]: dimensions 2 and 3 do not broadcast", 1,
                Elementwise.pow(), f64(2), f64(3));
        assertRejects("cannot take maximum of [2] and [3]: dimensions 2 and 3 do not broadcast", 1,
                Elementwise.maximum(), f64(2), f64(3));
        assertRejects("cannot take minimum of [2] and [3]: dimensions 2 and 3 do not broadcast", 1,
                Elementwise.minimum(), f64(2), f64(3));
    }

    @Test
    void integerOperandsAreRejected() {
        ShapeException e = rejects(Elementwise.add(), f64("B"), int32("B"));
        assertEquals("integer tensor used where a float is needed", e.getMessage());
        assertEquals(1, e.operand());
        assertEquals("integer tensors hold class labels; pass them as the labels of cross_entropy", e.hint());
        assertRejects("integer tensor used where a float is needed", 0, Elementwise.exp(), int32(3));
    }

    @Test
    void mixedFloatTypesAreACompilerBug() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> infer(Elementwise.add(), f32(2), f64(2)));
        assertTrue(e.getMessage().contains("compiler bug"), e.getMessage());
        assertEquals(DType.F32, infer(Elementwise.add(), f32(2), f32(2)).dtype());
    }

    @Test
    void binaryArithmeticBroadcasts() {
        Tensor m = Tensor.matrix(values(1, 2), values(3, 4));
        assertTensor(dims(2, 2), values(11, 22, 13, 24), eval(Elementwise.add(), m, Tensor.vector(10, 20)));
        Tensor column = Tensor.matrix(values(1), values(2));
        Tensor row = Tensor.matrix(values(10, 20, 30));
        assertTensor(dims(2, 3), values(10, 20, 30, 20, 40, 60), eval(Elementwise.mul(), column, row));
        assertTensor(dims(2), values(0.75, -1), eval(Elementwise.sub(), Tensor.scalar(1), Tensor.vector(0.25, 2)));
        assertTensor(dims(2), values(2, 1), eval(Elementwise.div(), Tensor.vector(6, 3), Tensor.scalar(3)));
        assertTensor(dims(2), values(8, 3), eval(Elementwise.pow(), Tensor.vector(2, 9), Tensor.vector(3, 0.5)));
        assertTensor(dims(2), values(3, 5), eval(Elementwise.maximum(), Tensor.vector(1, 5), Tensor.vector(3, 2)));
        assertTensor(dims(2), values(1, 2), eval(Elementwise.minimum(), Tensor.vector(1, 5), Tensor.vector(3, 2)));
        assertTensor(dims(), values(5), eval(Elementwise.add(), Tensor.scalar(2), Tensor.scalar(3)));
    }

    @Test
    void powIsMathPow() {
        assertTrue(Double.isNaN(eval(Elementwise.pow(), Tensor.scalar(-8), Tensor.scalar(1.0 / 3)).item()));
        assertEquals(1.0, eval(Elementwise.pow(), Tensor.scalar(0), Tensor.scalar(0)).item());
    }

    @Test
    void threeOperandFormulasBroadcastTogether() {
        Elementwise fma = new Elementwise("fma", "fuse", Scalar.Fn.ADD.of(
                Scalar.Fn.MUL.of(Scalar.arg(0), Scalar.arg(1)), Scalar.arg(2)));
        assertEquals(f64(2, 3), infer(fma, f64(2, 1), f64(3), f64()));
        assertTensor(dims(2, 3), values(11, 12, 13, 12, 14, 16),
                eval(fma, Tensor.matrix(values(1), values(2)), Tensor.vector(1, 2, 3), Tensor.scalar(10)));
    }

    @Test
    void unaryFunctions() {
        assertTensor(dims(2), values(-1, 2), eval(Elementwise.neg(), Tensor.vector(1, -2)));
        assertEquals(1.0, apply(Elementwise.exp(), 0));
        assertEquals(Math.E, apply(Elementwise.exp(), 1));
        assertEquals(1.0, apply(Elementwise.log(), Math.E));
        assertEquals(2.0, apply(Elementwise.sqrt(), 4));
        assertEquals(3.0, apply(Elementwise.abs(), -3));
        assertTensor(dims(3), values(-1, 0, 1), eval(Elementwise.sign(), Tensor.vector(-2, 0, 3)));
        assertEquals(0.0, apply(Elementwise.tanh(), 0));
        assertEquals(0.7615941559557649, apply(Elementwise.tanh(), 1), 1e-16);
        assertEquals(1.0, apply(Elementwise.tanh(), 1000));
        assertEquals(1.0, apply(Elementwise.sin(), Math.PI / 2));
        assertEquals(1.0, apply(Elementwise.cos(), 0));
    }

    @Test
    void sigmoidIsExactAtBothEnds() {
        assertEquals(0.5, apply(Elementwise.sigmoid(), 0));
        assertEquals(0.8807970779778824, apply(Elementwise.sigmoid(), 2), 1e-15);
        assertEquals(1.0, apply(Elementwise.sigmoid(), 1000));
        assertEquals(0.0, apply(Elementwise.sigmoid(), -1000));
    }

    @Test
    void reluFamily() {
        assertTensor(dims(3), values(0, 0, 2), eval(Elementwise.relu(), Tensor.vector(-1, 0, 2)));
        assertTensor(dims(3), values(-0.4, 0, 3), eval(Elementwise.leakyRelu(0.2), Tensor.vector(-2, 0, 3)), 1e-16);
        // elu(-1) = e^-1 - 1.
        assertTensor(dims(3), values(-0.6321205588285577, 0, 2), eval(Elementwise.elu(1.0), Tensor.vector(-1, 0, 2)),
                1e-16);
        assertEquals(-1.2642411176571153, apply(Elementwise.elu(2.0), -1), 1e-15);
    }

    @Test
    void softplusIsStable() {
        assertEquals(LN2, apply(Elementwise.softplus(), 0));
        assertEquals(1000.0, apply(Elementwise.softplus(), 1000));
        assertEquals(0.0, apply(Elementwise.softplus(), -1000));
        // log(1 + e^-30) ≈ e^-30: the naive log(1 + exp(x)) would round it to 0.
        assertEquals(9.357622968839737e-14, apply(Elementwise.softplus(), -30), 1e-28);
    }

    @Test
    void geluIsExact() {
        assertEquals(0.8413447460685429, apply(Elementwise.gelu(), 1), 1e-15);
        assertEquals(-0.15865525393145705, apply(Elementwise.gelu(), -1), 1e-15);
        assertEquals(0.0, apply(Elementwise.gelu(), 0));
        assertEquals(1000.0, apply(Elementwise.gelu(), 1000));
        assertEquals(0.0, apply(Elementwise.gelu(), -1000), 0.0);
    }

    @Test
    void operandListsAreChecked() {
        assertEquals(f64(3), Elementwise.add().infer(List.of(f64(3), f64())));
    }
}
