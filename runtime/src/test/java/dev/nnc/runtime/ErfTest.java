package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErfTest {

    /** Reference values: 20-digit mpmath, rounded to double. */
    @Test
    void knownValues() {
        assertEquals(0.0, Erf.erf(0.0));
        assertRelative(0.5204998778130465, Erf.erf(0.5));
        assertRelative(0.8427007929497149, Erf.erf(1.0));
        assertRelative(-0.9953222650189527, Erf.erf(-2.0));
        assertRelative(0.9999779095030014, Erf.erf(3.0));
        assertRelative(0.6826894921370859, Erf.erf(Math.sqrt(0.5)));
        // One value in each of Cody's ranges and across the range boundaries.
        assertRelative(0.1124629160182849, Erf.erf(0.1));
        assertRelative(0.49261347321793797, Erf.erf(0.46875));
        assertRelative(0.9999999845827421, Erf.erf(4.0));
        assertRelative(0.9999999999984626, Erf.erf(5.0));
        assertRelative(1.1283791670955126e-10, Erf.erf(1e-10));
    }

    @Test
    void isOdd() {
        for (double x = -7; x <= 7; x += 0.013) {
            assertEquals(-Erf.erf(x), Erf.erf(-x), 0.0, "x = " + x);
        }
    }

    @Test
    void saturatesAndPropagatesNaN() {
        assertEquals(1.0, Erf.erf(6.0));
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
    }

    @Test
    void increasesMonotonically() {
        double previous = -1;
        for (double x = -6; x <= 6; x += 0.001) {
            double v = Erf.erf(x);
            assertTrue(v >= previous, "erf decreased at " + x);
            previous = v;
        }
    }

    private static void assertRelative(double expected, double actual) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-15);
    }
}
