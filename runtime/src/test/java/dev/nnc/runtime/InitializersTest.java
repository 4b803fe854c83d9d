package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.runtime.TensorSpec.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitializersTest {

    @Test
    void fansFollowTheInOutConvention() {
        assertEquals(784, Initializers.fanIn(new int[] {784, 256}));
        assertEquals(256, Initializers.fanOut(new int[] {784, 256}));
        assertEquals(10, Initializers.fanIn(new int[] {10}));
        assertEquals(10, Initializers.fanOut(new int[] {10}));
        assertEquals(1, Initializers.fanIn(new int[0]));
        assertEquals(1, Initializers.fanOut(new int[0]));
        // [in, out, kh, kw]: the receptive field 3 * 5 multiplies both.
        assertEquals(2 * 15, Initializers.fanIn(new int[] {2, 4, 3, 5}));
        assertEquals(4 * 15, Initializers.fanOut(new int[] {2, 4, 3, 5}));
    }

    /** FNV-1a 64 of "a" is the published 0xAF63DC4C8601EC8C; the seed mixes it as documented. */
    @Test
    void seedForMixesTheModelSeedWithTheNameHash() {
        long fnvOfA = 0xAF63DC4C8601EC8CL;
        assertEquals(Rng.mix64(42 ^ Rng.mix64(fnvOfA)), Initializers.seedFor(42, "a"));
        // Golden value from the separate Python implementation used for RngTest.
        assertEquals(2903224969036178738L, Initializers.seedFor(42, "W1"));
        assertNotEquals(Initializers.seedFor(42, "W1"), Initializers.seedFor(42, "W2"));
        assertNotEquals(Initializers.seedFor(42, "W1"), Initializers.seedFor(43, "W1"));
    }

    @Test
    void constantsFill() {
        double[] a = new double[3];
        Initializers.ones(a);
        assertArrayEquals(new double[] {1, 1, 1}, a);
        Initializers.zeros(a);
        assertArrayEquals(new double[] {0, 0, 0}, a);
    }

    @Test
    void heUniformStaysWithinItsBoundAndHasItsVariance() {
        int[] shape = {784, 256};
        double[] w = new double[784 * 256];
        Initializers.heUniform(w, shape, new Rng(3));
        double a = Math.sqrt(6.0 / 784);
        for (double v : w) {
            assertTrue(v >= -a && v < a, "value " + v + " outside +-" + a);
        }
        assertMoments(w, 0.0, Math.sqrt(2.0 / 784));
    }

    @Test
    void glorotUniformStaysWithinItsBound() {
        int[] shape = {300, 100};
        double[] w = new double[300 * 100];
        Initializers.glorotUniform(w, shape, new Rng(4));
        double a = Math.sqrt(6.0 / 400);
        for (double v : w) {
            assertTrue(v >= -a && v < a);
        }
        assertMoments(w, 0.0, Math.sqrt(2.0 / 400));
    }

    @Test
    void uniformCoversItsInterval() {
        double[] w = new double[100_000];
        Initializers.uniform(w, 2, 5, new Rng(5));
        for (double v : w) {
            assertTrue(v >= 2 && v < 5);
        }
        assertMoments(w, 3.5, 3 / Math.sqrt(12));
    }

    @Test
    void normalsHaveTheirMoments() {
        double[] w = new double[100_000];
        Initializers.normal(w, 1.5, 0.25, new Rng(6));
        assertMoments(w, 1.5, 0.25);

        double[] he = new double[500 * 200];
        Initializers.heNormal(he, new int[] {500, 200}, new Rng(7));
        assertMoments(he, 0.0, Math.sqrt(2.0 / 500));

        double[] gl = new double[500 * 200];
        Initializers.glorotNormal(gl, new int[] {500, 200}, new Rng(8));
        assertMoments(gl, 0.0, Math.sqrt(2.0 / 700));
    }

    @Test
    void sameSeedSameValues() {
        double[] a = new double[50];
        double[] b = new double[50];
        Initializers.heNormal(a, new int[] {5, 10}, new Rng(Initializers.seedFor(9, "W")));
        Initializers.heNormal(b, new int[] {5, 10}, new Rng(Initializers.seedFor(9, "W")));
        assertArrayEquals(a, b);
    }

    /** Mean within 1% of std and std within 1% relative: about 3 standard errors at 100k draws. */
    private static void assertMoments(double[] w, double mean, double std) {
        double s1 = 0;
        double s2 = 0;
        for (double v : w) {
            s1 += v;
            s2 += v * v;
        }
        double m = s1 / w.length;
        double sd = Math.sqrt(s2 / w.length - m * m);
        assertEquals(mean, m, 0.015 * std, "mean");
        assertEquals(std, sd, 0.015 * std, "std");
    }

    private static TensorSpec param(String name, DType dtype, String init, double[] args, double[] values, String... dims) {
        return new TensorSpec(Role.PARAM, name, dtype, List.of(dims), init, args, values, null);
    }

    private static double[] initialize(TensorSpec p, int size) {
        double[] out = new double[size];
        Initializers.initialize(p, 42, out);
        return out;
    }

    /** Each kind draws from the param's own generator exactly as the direct call does. */
    @Test
    void initializeAppliesTheNamedKindWithThePerNameSeed() {
        int[] shape = {3, 4};
        Rng rng = new Rng(Initializers.seedFor(42, "W"));
        double[] expected = new double[12];
        Initializers.glorotUniform(expected, shape, rng);
        assertArrayEquals(expected, initialize(param("W", DType.F64, "glorot_uniform", null, null, "3", "4"), 12));

        rng = new Rng(Initializers.seedFor(42, "W"));
        Initializers.heNormal(expected, shape, rng);
        assertArrayEquals(expected, initialize(param("W", DType.F64, "he_normal", null, null, "3", "4"), 12));

        rng = new Rng(Initializers.seedFor(42, "u"));
        double[] u = new double[5];
        Initializers.uniform(u, -2, 3, rng);
        assertArrayEquals(u, initialize(param("u", DType.F64, "uniform", new double[] {-2, 3}, null, "5"), 5));

        rng = new Rng(Initializers.seedFor(42, "n"));
        double[] n = new double[5];
        Initializers.normal(n, 1, 0.5, rng);
        assertArrayEquals(n, initialize(param("n", DType.F64, "normal", new double[] {1, 0.5}, null, "5"), 5));

        assertArrayEquals(new double[] {1, 1}, initialize(param("o", DType.F64, "ones", null, null, "2"), 2));
        assertArrayEquals(new double[] {0}, initialize(param("z", DType.F64, "zeros", null, null), 1));
    }

    @Test
    void initializeCopiesOrBroadcastsALiteralAndRoundsForF32() {
        assertArrayEquals(new double[] {1, 2, 3, 4},
                initialize(param("L", DType.F64, "literal", null, new double[] {1, 2, 3, 4}, "2", "2"), 4));
        assertArrayEquals(new double[] {0.1, 0.1, 0.1}, initialize(param("b", DType.F64, "literal", null, new double[] {0.1}, "3"), 3));
        assertArrayEquals(new double[] {0.1f, 0.1f}, initialize(param("b", DType.F32, "literal", null, new double[] {0.1}, "2"), 2));
        for (double v : initialize(param("W", DType.F32, "glorot_normal", null, null, "5", "5"), 25)) {
            assertEquals((float) v, v);
        }
    }

    @Test
    void initializeRefusesWhatItCannotDo() {
        assertEquals("param 'W' has unknown initialiser 'he_unifrom'; did you mean 'he_uniform'? (known: zeros, ones, literal,"
                + " uniform, normal, glorot_uniform, glorot_normal, he_uniform, he_normal)",
                assertThrows(IllegalArgumentException.class,
                        () -> initialize(param("W", DType.F64, "he_unifrom", null, null, "2"), 2)).getMessage());
        assertEquals("param 'u' has initialiser uniform, which takes 2 arguments, but was given 1",
                assertThrows(IllegalArgumentException.class,
                        () -> initialize(param("u", DType.F64, "uniform", new double[] {1}, null, "2"), 2)).getMessage());
        assertEquals("param 'L' has shape [3] (3 values) but its literal has 2 values",
                assertThrows(IllegalArgumentException.class,
                        () -> initialize(param("L", DType.F64, "literal", null, new double[] {1, 2}, "3"), 3)).getMessage());
        assertEquals("param 'W' has symbolic shape [B, 2]; a param's shape must be fixed",
                assertThrows(IllegalArgumentException.class,
                        () -> initialize(param("W", DType.F64, "zeros", null, null, "B", "2"), 2)).getMessage());
        assertEquals("param 'W' of shape [2] has 2 values, but the array for them holds 3",
                assertThrows(IllegalArgumentException.class,
                        () -> initialize(param("W", DType.F64, "zeros", null, null, "2"), 3)).getMessage());
        assertEquals("param 'W' has no initialiser",
                assertThrows(IllegalArgumentException.class,
                        () -> initialize(param("W", DType.F64, null, null, null, "2"), 2)).getMessage());
    }
}
