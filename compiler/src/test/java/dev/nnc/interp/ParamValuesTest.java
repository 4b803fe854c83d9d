package dev.nnc.interp;

import static dev.nnc.ir.ops.OpAssertions.f64;
import static dev.nnc.ir.ops.OpAssertions.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.DType;
import dev.nnc.ir.Init;
import dev.nnc.ir.Shape;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.runtime.Initializers;
import dev.nnc.runtime.Rng;
import dev.nnc.runtime.TensorSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParamValuesTest {

    private static Tensor initial(String name, Init init, Shape shape, DType dtype) {
        return ParamValues.initial(new Leaves.Param(name, f64(), init), shape, 42, dtype);
    }

    @Test
    void constantsAndLiterals() {
        assertEquals(Tensor.zeros(2, 3), initial("W", new Init.Zeros(), shape(2, 3), DType.F64));
        assertArrayEquals(new double[] {1, 1}, initial("W", new Init.Ones(), shape(2), DType.F64).data());
        Tensor literal = Tensor.matrix(new double[] {0.15, 0.20}, new double[] {0.25, 0.30});
        assertEquals(literal, initial("W", new Init.Literal(literal), shape(2, 2), DType.F64));
        assertEquals(Tensor.matrix(new double[] {0.5, 0.5}),
                initial("W", new Init.Literal(Tensor.scalar(0.5)), shape(1, 2), DType.F64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> initial("W", new Init.Literal(Tensor.vector(1, 2, 3)), shape(2), DType.F64));
        assertEquals("param 'W' has shape [2] but its literal has shape [3]", e.getMessage());
    }

    @Test
    void randomInitialisersUseThePerNameSeed() {
        Tensor w = initial("W1", new Init.HeUniform(), shape(4, 3), DType.F64);
        double[] expected = new double[12];
        Initializers.heUniform(expected, new int[] {4, 3}, new Rng(Initializers.seedFor(42, "W1")));
        assertArrayEquals(expected, w.data());
        double bound = Math.sqrt(6.0 / 4);
        for (double v : w.data()) {
            assertTrue(Math.abs(v) <= bound);
        }
        assertEquals(w, initial("W1", new Init.HeUniform(), shape(4, 3), DType.F64));
        assertNotEquals(w, initial("W2", new Init.HeUniform(), shape(4, 3), DType.F64));
    }

    @Test
    void everyRandomKindIsWired() {
        double[] u = initial("u", new Init.Uniform(2, 3), shape(1000), DType.F64).data();
        for (double v : u) {
            assertTrue(v >= 2 && v < 3);
        }
        double[] n = initial("n", new Init.Normal(5, 0), shape(3), DType.F64).data();
        assertArrayEquals(new double[] {5, 5, 5}, n);
        double a = Math.sqrt(6.0 / (10 + 20));
        for (double v : initial("g", new Init.GlorotUniform(), shape(10, 20), DType.F64).data()) {
            assertTrue(Math.abs(v) <= a);
        }
        assertEquals(200, initial("g", new Init.GlorotNormal(), shape(10, 20), DType.F64).size());
        assertEquals(200, initial("h", new Init.HeNormal(), shape(10, 20), DType.F64).size());
    }

    @Test
    void f32ModelsStartFromFloatValues() {
        Tensor d = initial("W", new Init.HeNormal(), shape(8, 8), DType.F64);
        Tensor f = initial("W", new Init.HeNormal(), shape(8, 8), DType.F32);
        boolean someDiffer = false;
        for (int i = 0; i < f.size(); i++) {
            assertEquals((double) (float) d.get(i), f.get(i));
            someDiffer |= d.get(i) != f.get(i);
        }
        assertTrue(someDiffer, "f64 values should not all be floats already");
    }

    @Test
    void symbolicShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> initial("W", new Init.Zeros(), shape("B"), DType.F64));
    }

    /** What a compiled model's spec says about a param, and so what a generated class starts from. */
    @Test
    void tensorSpecNamesTheInitialiserItsArgumentsAndItsLiteral() {
        TensorSpec u = ParamValues.tensorSpec(new Leaves.Param("u", f64(), new Init.Uniform(-1, 2)), shape(3, 2), DType.F32);
        assertEquals(new TensorSpec(TensorSpec.Role.PARAM, "u", dev.nnc.runtime.DType.F32, List.of("3", "2"), "uniform",
                new double[] {-1, 2}, null, null), u);
        TensorSpec lit = ParamValues.tensorSpec(new Leaves.Param("b", f64(), new Init.Literal(Tensor.scalar(0.1))),
                shape(4), DType.F64);
        assertEquals("literal", lit.init());
        assertArrayEquals(new double[] {0.1}, lit.values());
        assertEquals("he_normal",
                ParamValues.tensorSpec(new Leaves.Param("h", f64(), new Init.HeNormal()), shape(2), DType.F64).init());
        assertEquals("glorot_normal",
                ParamValues.tensorSpec(new Leaves.Param("h", f64(), new Init.GlorotNormal()), shape(2), DType.F64).init());
        TensorSpec n = ParamValues.tensorSpec(new Leaves.Param("n", f64(), new Init.Normal(0.5, 2)), shape(2), DType.F64);
        assertArrayEquals(new double[] {0.5, 2}, n.initArgs());
    }
}
