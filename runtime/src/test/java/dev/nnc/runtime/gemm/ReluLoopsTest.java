package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.Rng;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@code biasAdd} and {@code reluGrad}, the loops around a dense layer's relu: every kernel
 * gives the bits of the plain loop, for row lengths around the vector lengths, blocks of rows
 * and elements that start anywhere, and the values where max and the multiplication show their
 * edges (signed zeros, infinities, NaN, the smallest subnormals).
 */
class ReluLoopsTest {
    private static final int[] WIDTHS = {1, 7, 10, 16, 17, 63, 64, 65, 128, 256, 300};
    private static final float[] AWKWARD = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f};

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nnc.runtime.gemm.Kernels#all")
    void biasAddGivesThePlainLoopsBits(GemmKernel g) {
        Rng rng = new Rng(5);
        for (int n : WIDTHS) {
            int rows = 9;
            float[] z = new float[rows * n];
            float[] b = new float[n];
            fill(z, rng);
            fill(b, rng);
            for (int i = 0; i < AWKWARD.length * AWKWARD.length && i < z.length; i++) {
                z[i] = AWKWARD[i / AWKWARD.length]; // every pair of awkward values meets once
                b[i % n] = AWKWARD[i % AWKWARD.length];
            }
            double[] zd = widen(z);
            double[] bd = widen(b);
            for (boolean relu : new boolean[] {true, false}) {
                for (int[] range : new int[][] {{0, rows}, {3, 7}, {5, 5}}) {
                    float[] expected = new float[z.length];
                    float[] out = new float[z.length];
                    Arrays.fill(expected, 42f);
                    Arrays.fill(out, 42f);
                    RowLoops.biasAdd(relu, range[0], range[1], n, z, b, expected);
                    g.biasAdd(relu, range[0], range[1], n, z, b, out);
                    assertBits(expected, out, g + ", relu " + relu + ", rows " + Arrays.toString(range) + " of " + n);
                    double[] expectedD = new double[z.length];
                    double[] outD = new double[z.length];
                    RowLoops.biasAdd(relu, range[0], range[1], n, zd, bd, expectedD);
                    g.biasAdd(relu, range[0], range[1], n, zd, bd, outD);
                    assertBits(expectedD, outD, g + ", doubles, relu " + relu + ", " + n);
                }
                float[] inPlace = z.clone();
                float[] expected = new float[z.length];
                RowLoops.biasAdd(relu, 0, rows, n, z, b, expected);
                g.biasAdd(relu, 0, rows, n, inPlace, b, inPlace);
                assertBits(expected, inPlace, g + ", in place, " + n);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nnc.runtime.gemm.Kernels#all")
    void reluGradGivesThePlainLoopsBits(GemmKernel g) {
        Rng rng = new Rng(6);
        int size = 700;
        float[] h = new float[size];
        float[] grad = new float[size];
        fill(h, rng);
        fill(grad, rng);
        for (int i = 0; i < AWKWARD.length * AWKWARD.length; i++) {
            h[i] = AWKWARD[i / AWKWARD.length];
            grad[i] = AWKWARD[i % AWKWARD.length]; // 0 * inf and 0 * NaN are NaN; 0 * -1 is -0
        }
        double[] hd = widen(h);
        double[] gd = widen(grad);
        for (int[] range : new int[][] {{0, size}, {1, 700}, {3, 68}, {0, 15}, {9, 9}}) {
            float[] expected = new float[size];
            float[] out = new float[size];
            Arrays.fill(expected, 42f);
            Arrays.fill(out, 42f);
            RowLoops.reluGrad(range[0], range[1], h, grad, expected);
            g.reluGrad(range[0], range[1], h, grad, out);
            assertBits(expected, out, g + ", elements " + Arrays.toString(range));
            double[] expectedD = new double[size];
            double[] outD = new double[size];
            RowLoops.reluGrad(range[0], range[1], hd, gd, expectedD);
            g.reluGrad(range[0], range[1], hd, gd, outD);
            assertBits(expectedD, outD, g + ", doubles, elements " + Arrays.toString(range));
        }
        float[] inPlace = grad.clone();
        float[] expected = new float[size];
        RowLoops.reluGrad(0, size, h, grad, expected);
        g.reluGrad(0, size, h, inPlace, inPlace);
        assertBits(expected, inPlace, g + ", in place");
    }

    /**
     * The same comparison repeated until the JIT has compiled the kernels (C2 compiles the
     * Vector API's operations to instructions of its own, whose max and multiplication must
     * still give the plain loop's bits for the awkward values).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nnc.runtime.gemm.Kernels#all")
    void theBitsStayTheSameOnceCompiled(GemmKernel g) {
        int n = AWKWARD.length * AWKWARD.length;
        float[] z = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = AWKWARD[i / AWKWARD.length];
            b[i] = AWKWARD[i % AWKWARD.length];
        }
        float[] expectedSum = new float[n];
        float[] expectedGrad = new float[n];
        RowLoops.biasAdd(true, 0, 1, n, z, b, expectedSum);
        RowLoops.reluGrad(0, n, z, b, expectedGrad);
        float[] sum = new float[n];
        float[] grad = new float[n];
        for (int round = 0; round < 20_000; round++) {
            g.biasAdd(true, 0, 1, n, z, b, sum);
            g.reluGrad(0, n, z, b, grad);
            if (round % 1000 == 999) {
                assertBits(expectedSum, sum, g + ", biasAdd, round " + round);
                assertBits(expectedGrad, grad, g + ", reluGrad, round " + round);
            }
        }
    }

    /** The plain loops are the generated code's: Math.max(z + b, 0) and (h > 0 ? 1 : 0) * g. */
    @Test
    void thePlainLoopsAreTheDefinitions() {
        float[] out = new float[4];
        RowLoops.biasAdd(true, 0, 2, 2, new float[] {1, -3, -0f, 2}, new float[] {-0f, 1}, out);
        assertEquals("[1.0, 0.0, 0.0, 3.0]", Arrays.toString(out)); // max(-0 + -0, 0) is +0
        RowLoops.reluGrad(0, 4, new float[] {1, 0, -1, Float.NaN}, new float[] {2, Float.POSITIVE_INFINITY, -1, 5}, out);
        assertEquals("[2.0, NaN, -0.0, 0.0]", Arrays.toString(out));
    }

    @Test
    void theEntryPointsCheckTheirArguments() {
        float[] a = new float[12];
        IllegalArgumentException shortZ = assertThrows(IllegalArgumentException.class,
                () -> Gemm.biasAdd(true, 0, 5, 3, a, new float[3], new float[15]));
        assertTrue(shortZ.getMessage().contains("has 12"), shortZ.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gemm.biasAdd(false, 0, 4, 3, a, new float[2], a));
        assertThrows(IllegalArgumentException.class, () -> Gemm.biasAdd(false, 3, 2, 3, a, new float[3], a));
        assertThrows(IllegalArgumentException.class, () -> Gemm.reluGrad(0, 13, a, a, a));
        assertThrows(IllegalArgumentException.class, () -> Gemm.reluGrad(-1, 3, a, a, a));
        Gemm.biasAdd(true, 0, 4, 3, a, new float[3], a);
        Gemm.reluGrad(0, 12, new double[12], new double[12], new double[12]);
    }

    private static void fill(float[] x, Rng rng) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
    }

    private static double[] widen(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + ", element " + i + ": " + expected[i] + " against " + actual[i]);
        }
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + ", element " + i + ": " + expected[i] + " against " + actual[i]);
        }
    }
}
