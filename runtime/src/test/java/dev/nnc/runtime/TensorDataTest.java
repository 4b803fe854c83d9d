package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorDataTest {

    @Test
    void holdsDtypeShapeAndTheCallersArray() {
        float[] values = {1, 2, 3, 4, 5, 6};
        TensorData t = TensorData.f32(values, 2, 3);
        assertEquals(DType.F32, t.dtype());
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertEquals(2, t.rank());
        assertEquals(6, t.size());
        assertEquals(24, t.byteSize());
        assertSame(values, t.floats(), "shared, not copied: parameters can be large");
        assertEquals("F32[2, 3]", t.toString());
    }

    @Test
    void shapeIsCopiedBothWays() {
        int[] shape = {2};
        TensorData t = TensorData.i32(new int[] {7, 8}, shape);
        shape[0] = 5;
        assertArrayEquals(new int[] {2}, t.shape());
        t.shape()[0] = 9;
        assertArrayEquals(new int[] {2}, t.shape());
    }

    @Test
    void scalarsAndEmptyTensors() {
        TensorData scalar = TensorData.f64(new double[] {3.5});
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.size());
        TensorData empty = TensorData.f32(new float[0], 4, 0);
        assertEquals(0, empty.size());
        assertEquals(0, empty.byteSize());
    }

    @Test
    void rejectsAShapeThatDoesNotHoldTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorData.f32(new float[] {1, 2, 3}, 2, 2));
        assertEquals("shape [2, 2] holds 4 values, but 3 were given", e.getMessage());
        assertEquals("shape [] holds 1 values, but 2 were given",
                assertThrows(IllegalArgumentException.class, () -> TensorData.f32(new float[] {1, 2})).getMessage());
        assertEquals("negative dimension in shape [-1]",
                assertThrows(IllegalArgumentException.class, () -> TensorData.i32(new int[0], -1)).getMessage());
    }

    @Test
    void theWrongAccessorSaysWhichDtypeItIs() {
        TensorData t = TensorData.f64(new double[] {1}, 1);
        assertEquals("tensor is F64, not F32", assertThrows(IllegalStateException.class, t::floats).getMessage());
        assertEquals("tensor is F64, not I32", assertThrows(IllegalStateException.class, t::ints).getMessage());
    }

    @Test
    void equalityIsByDtypeShapeAndValues() {
        assertEquals(TensorData.f32(new float[] {1, 2}, 2), TensorData.f32(new float[] {1, 2}, 2));
        assertEquals(TensorData.f32(new float[] {1, 2}, 2).hashCode(), TensorData.f32(new float[] {1, 2}, 2).hashCode());
        assertNotEquals(TensorData.f32(new float[] {1, 2}, 2), TensorData.f32(new float[] {1, 2}, 1, 2));
        assertNotEquals(TensorData.f32(new float[] {1, 2}, 2), TensorData.f64(new double[] {1, 2}, 2));
        assertNotEquals(TensorData.f32(new float[] {0f}), TensorData.f32(new float[] {-0f}));
        assertEquals(TensorData.f64(new double[] {Double.NaN}), TensorData.f64(new double[] {Double.NaN}));
    }
}
