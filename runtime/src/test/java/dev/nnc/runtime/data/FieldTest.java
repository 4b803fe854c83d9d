package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FieldTest {
    /** Every byte value, in 4 examples of 8×8. */
    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) (i * 37); // a permutation of 0..255
        }
        return b;
    }

    @Test
    void pixelsKeptAsBytesReadAsTheFloatsTheyStandFor() {
        byte[] b = allBytes();
        double scale = 1 / 255.0;
        Field f32 = Field.ofScaledBytes("px", b, DType.F32, scale, 8, 8);
        Field f64 = Field.ofScaledBytes("px", b, DType.F64, scale, 8, 8);
        assertEquals(4, f32.size());
        for (int i = 0; i < 256; i++) {
            assertEquals((float) ((b[i] & 0xFF) * scale), f32.floats()[i]);
            assertEquals((b[i] & 0xFF) * scale, f64.doubles()[i]);
            assertEquals(f32.floats()[i], (float) f32.get(i));
        }
        assertSame(f32.floats(), f32.floats()); // unpacked once
        assertArrayEquals(f64.doubles(), f32.as(DType.F64).doubles()); // rounded once, not via float
    }

    @Test
    void batchesFromBytesEqualBatchesFromFloats() {
        byte[] b = allBytes();
        Field bytes = Field.ofScaledBytes("px", b, DType.F32, 1 / 255.0, 8, 8);
        Field floats = Field.ofFloats("px", bytes.floats().clone(), 8, 8);
        int[] labels = {0, 1, 2, 3};
        Batches fromBytes = Batches.shuffled(Dataset.of(bytes, Field.ofInts("y", labels)), 3, 9, Batches.LastBatch.KEEP);
        Batches fromFloats = Batches.shuffled(Dataset.of(floats, Field.ofInts("y", labels)), 3, 9, Batches.LastBatch.KEEP);
        Batch x = fromBytes.newBatch();
        Batch y = fromFloats.newBatch();
        for (int e = 0; e < 3; e++) {
            fromBytes.startEpoch(e);
            fromFloats.startEpoch(e);
            while (fromBytes.next(x)) {
                fromFloats.next(y);
                assertArrayEquals((float[]) y.features(), (float[]) x.features());
                assertArrayEquals((int[]) y.labels(), (int[]) x.labels());
            }
        }
    }

    @Test
    void selectKeepsTheLayoutAndTheValues() {
        Field bytes = Field.ofScaledBytes("px", allBytes(), DType.F64, 2, 64);
        Field picked = bytes.select(new int[] {3, 1});
        assertEquals(2, picked.size());
        assertEquals(bytes.get(3 * 64 + 5), picked.get(5));
        assertEquals(bytes.get(64 + 5), picked.get(64 + 5));

        Field ints = Field.ofInts("y", new int[] {5, 6, 7});
        assertArrayEquals(new int[] {7, 5}, ints.select(new int[] {2, 0}).ints());
    }

    @Test
    void conversionsAndTheirLimits() {
        Field ints = Field.ofInts("y", new int[] {1, 2});
        assertArrayEquals(new float[] {1, 2}, ints.as(DType.F32).floats());
        assertArrayEquals(new double[] {1, 2}, ints.as(DType.F32).as(DType.F64).doubles());
        assertThrows(IllegalArgumentException.class, () -> ints.as(DType.F32).as(DType.I32));
        assertEquals("y holds int values, not f32",
                assertThrows(IllegalStateException.class, ints::floats).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Field.ofFloats("x", new float[5], 2));
    }

    @Test
    void describeShapes() {
        assertEquals("28×28 = 784", Field.describe(new int[] {28, 28}));
        assertEquals("784", Field.describe(new int[] {784}));
        assertEquals("1", Field.describe(new int[0]));
        Field labels = Field.ofInts("y", new int[] {1, 2});
        assertEquals("examples in y have 1 value, but input 'y' needs 2",
                assertThrows(DataException.class, () -> labels.reshape("y", 2)).getMessage());
    }
}
