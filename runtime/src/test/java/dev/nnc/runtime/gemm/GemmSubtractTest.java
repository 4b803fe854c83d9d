package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.runtime.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sgemmSubtract} and {@code dgemmSubtract}: the product, then {@code W -= scale * C}.
 * They must give exactly the bits of the product ({@code sgemm} with beta 0) followed by the
 * plain loop, in C and in W, with every kernel and on one thread or two (the split by rows and
 * the split by columns), and touch nothing of W outside the block.
 */
class GemmSubtractTest {
    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    /** transA, transB, m, n, k: small, split by rows (m x n x k above the threshold), split by columns. */
    private static final int[][] SHAPES = {
        {0, 0, 7, 5, 3},
        {1, 0, 200, 96, 64},
        {0, 1, 64, 300, 64},
        {1, 0, 784, 256, 128},
        {0, 0, 130, 33, 70},
    };

    @AfterEach
    void backToOneThread() {
        Gemm.setThreads(1);
    }

    static List<GemmKernel> kernels() {
        List<GemmKernel> out = new ArrayList<>();
        for (GemmKernel k : Kernels.all()) {
            out.add(k);
            out.add(Gemm.threaded(k));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void singlePrecisionIsTheProductThenTheLoop(GemmKernel g) {
        for (int threads = 1; threads <= Math.min(2, PROCESSORS); threads++) {
            Gemm.setThreads(threads);
            for (int[] s : SHAPES) {
                checkFloats(g, s[0] == 1, s[1] == 1, s[2], s[3], s[4], threads);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void doublePrecisionIsTheProductThenTheLoop(GemmKernel g) {
        for (int threads = 1; threads <= Math.min(2, PROCESSORS); threads++) {
            Gemm.setThreads(threads);
            for (int[] s : SHAPES) {
                checkDoubles(g, s[0] == 1, s[1] == 1, s[2], s[3], s[4], threads);
            }
        }
    }

    private static void checkFloats(GemmKernel g, boolean transA, boolean transB, int m, int n, int k,
                                    int threads) {
        String what = g + ", " + threads + " threads, " + m + " x " + n + " x " + k;
        Rng rng = new Rng(m * 31 + n);
        // Operands at offsets, C and W with rows longer than n, so a slip in either shows.
        int lda = (transA ? m : k) + 3;
        int ldb = (transB ? k : n) + 1;
        int ldc = n + 5;
        float[] a = floats(rng, 2 + (transA ? k : m) * lda);
        float[] b = floats(rng, 1 + (transB ? n : k) * ldb);
        float[] w0 = floats(rng, 4 + m * ldc);
        float alpha = 0.75f;
        float scale = 0.0625f + (float) rng.nextDouble();

        float[] product = new float[4 + m * ldc];
        Arrays.fill(product, Float.NaN); // beta 0: C is not read
        g.sgemm(transA, transB, m, n, k, alpha, a, 2, lda, b, 1, ldb, 0f, product, 4, ldc);
        float[] expected = w0.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = 4 + i * ldc + j;
                expected[at] = expected[at] - scale * product[at];
            }
        }

        float[] c = new float[product.length];
        Arrays.fill(c, Float.NaN);
        float[] w = w0.clone();
        g.sgemmSubtract(transA, transB, m, n, k, alpha, a, 2, lda, b, 1, ldb, c, 4, ldc, scale, w, 4);
        assertArrayEquals(product, c, what + ": C is the product");
        assertArrayEquals(expected, w, what + ": W -= scale * C, and nothing else of W");
    }

    private static void checkDoubles(GemmKernel g, boolean transA, boolean transB, int m, int n, int k,
                                     int threads) {
        String what = g + ", " + threads + " threads, " + m + " x " + n + " x " + k;
        Rng rng = new Rng(m * 17 + k);
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        double[] a = doubles(rng, (transA ? k : m) * lda);
        double[] b = doubles(rng, (transB ? n : k) * ldb);
        double[] w0 = doubles(rng, m * n);
        double scale = 0.01 + rng.nextDouble();

        double[] product = new double[m * n];
        g.dgemm(transA, transB, m, n, k, 1.0, a, 0, lda, b, 0, ldb, 0.0, product, 0, n);
        double[] expected = w0.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] = expected[i] - scale * product[i];
        }
        double[] c = new double[m * n];
        double[] w = w0.clone();
        g.dgemmSubtract(transA, transB, m, n, k, 1.0, a, 0, lda, b, 0, ldb, c, 0, n, scale, w, 0);
        assertArrayEquals(product, c, what + ": C is the product");
        assertArrayEquals(expected, w, what + ": W -= scale * C");
    }

    @Test
    void theEntryPointsGiveTheSameBitsOnOneAndTwoThreads() {
        assumeTrue(PROCESSORS >= 2, "needs two processors");
        Rng rng = new Rng(9);
        float[] x = floats(rng, 128 * 784);
        float[] g = floats(rng, 128 * 256);
        float[] w0 = floats(rng, 784 * 256);
        float[][] results = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Gemm.setThreads(threads);
            float[] w = w0.clone();
            float[] c = new float[784 * 256];
            for (int step = 0; step < 3; step++) {
                Gemm.sgemmSubtract(true, false, 784, 256, 128, 1f, x, 0, 784, g, 0, 256, c, 0, 256, 0.05f, w, 0);
            }
            results[threads - 1] = w;
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void aTargetThatDoesNotFitOrOverlapsAnOperandIsRefusedBeforeAnythingIsWritten() {
        float[] a = new float[12];
        float[] b = new float[12];
        Arrays.fill(b, 1f);
        float[] c = new float[9];
        float[] w = new float[8];
        Arrays.fill(w, 1f);
        IndexOutOfBoundsException shortW = assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemmSubtract(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, c, 0, 3, 0.5f, w, 0));
        assertEquals("gemm: W (3 x 3, offset 0, leading dimension 3) ends at 9, past its array of length 8",
                shortW.getMessage());
        assertTrue(allEqual(w, 1f) && allEqual(c, 0f), "nothing written");

        float[] shared = new float[30];
        IllegalArgumentException overC = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmSubtract(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, shared, 0, 3, 0.5f, shared, 5));
        assertEquals("gemm: W [5, 14) overlaps C [0, 9) in the same array", overC.getMessage());
        IllegalArgumentException overA = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmSubtract(false, false, 3, 3, 4, 1f, shared, 0, 4, b, 0, 3, c, 0, 3, 0.5f, shared, 10));
        assertEquals("gemm: W [10, 19) overlaps A [0, 12) in the same array", overA.getMessage());
        assertTrue(allEqual(shared, 0f) && allEqual(c, 0f), "nothing written");

        // Disjoint ranges of one array are fine: W = 0 - 0.5 * (4 ones times 4 ones).
        float[] one = new float[40];
        Arrays.fill(one, 0, 12, 1f);
        Gemm.sgemmSubtract(false, false, 3, 3, 4, 1f, one, 0, 4, b, 0, 3, c, 0, 3, 0.5f, one, 20);
        assertTrue(allEqual(Arrays.copyOfRange(one, 20, 29), -2f));
        assertTrue(allEqual(c, 4f));
    }

    private static boolean allEqual(float[] x, float v) {
        for (float f : x) {
            if (f != v) {
                return false;
            }
        }
        return true;
    }

    private static float[] floats(Rng rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static double[] doubles(Rng rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }
}
