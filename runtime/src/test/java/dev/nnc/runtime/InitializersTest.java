package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
