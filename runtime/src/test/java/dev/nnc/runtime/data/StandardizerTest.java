package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandardizerTest {

    @Test
    void measuredOnTrainingAppliedToBoth() {
        // Feature 0: 1, 3 (mean 2, std 1). Feature 1: constant 5 (centred only).
        Field train = Field.ofFloats("train", new float[] {1, 5, 3, 5}, 2);
        Field test = Field.ofFloats("test", new float[] {4, 6}, 2);
        Standardizer s = Standardizer.fit(train);
        assertArrayEquals(new double[] {2, 5}, s.mean());
        assertArrayEquals(new double[] {1, 0}, s.std());
        assertArrayEquals(new float[] {-1, 0, 1, 0}, s.apply(train).floats());
        assertArrayEquals(new float[] {2, 1}, s.apply(test).floats()); // the test set's own mean is not used
        assertArrayEquals(new float[] {1, 5, 3, 5}, train.floats()); // a new field: the old one is unchanged
    }

    @Test
    void doublesAndUnitMoments() {
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1e6 + i * 0.5; // a large offset: two passes keep the variance exact
        }
        Field f = Field.ofDoubles("f", v, 1);
        f = Standardizer.fit(f).apply(f);
        double mean = 0;
        double sq = 0;
        for (double x : f.doubles()) {
            mean += x;
            sq += x * x;
        }
        assertEquals(0, mean / v.length, 1e-12);
        assertEquals(1, sq / v.length, 1e-12);
    }

    @Test
    void pixelsKeptAsBytesStandardiseLikeFloats() {
        byte[] px = {0, 10, (byte) 200, (byte) 255, 17, 3};
        Field bytes = Field.ofScaledBytes("px", px, DType.F32, 1 / 255.0, 2);
        Field floats = Field.ofFloats("px", bytes.floats().clone(), 2);
        Standardizer s = Standardizer.fit(bytes);
        assertArrayEquals(Standardizer.fit(floats).mean(), s.mean());
        assertArrayEquals(s.apply(floats).floats(), s.apply(bytes).floats());
    }

    @Test
    void widthMustMatch() {
        Standardizer s = Standardizer.fit(Field.ofFloats("train", new float[] {1, 2}, 2));
        assertEquals("examples in test have 3 values, but the standardisation was measured on examples of 2",
                assertThrows(DataException.class,
                        () -> s.apply(Field.ofFloats("test", new float[3], 3))).getMessage());
    }

    @Test
    void scaleFactorsFromTheCommandLine() {
        assertEquals(1 / 255.0, Scale.parse("1/255"));
        assertEquals(0.5, Scale.parse(" 0.5 "));
        assertEquals(1e-3, Scale.parse("1e-3"));
        assertEquals("'1/x' is not a scale factor: write a number such as 0.5 or a fraction such as 1/255",
                assertThrows(IllegalArgumentException.class, () -> Scale.parse("1/x")).getMessage());
        assertEquals("'1/0' is not a usable scale factor: it must be finite and not 0",
                assertThrows(IllegalArgumentException.class, () -> Scale.parse("1/0")).getMessage());
    }
}
