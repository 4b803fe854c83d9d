package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel, every transpose form, in both precisions, against a naive triple loop in
 * double: odd sizes, sizes that cross every blocking boundary, offsets and leading dimensions
 * wider than the rows, and the alpha/beta cases BLAS defines.
 */
class GemmTest {
    private static final double FLOAT_UNIT = 0x1p-24;
    private static final double DOUBLE_UNIT = 0x1p-53;

    /** m, n, k. */
    private static final int[][] SIZES = {
        {1, 1, 1},
        {3, 5, 7},
        {17, 33, 65},
        {128, 256, 784},   // the MLP's first layer at batch 128
        {16, 64, 32},      // whole tiles only
        {130, 40, 257},    // m past a block of A, k past a block of k
        {9, 1100, 300},    // n past a block of B in both kernels
        {1, 300, 20},      // a row vector times a matrix
        {3, 70, 300},      // few rows, two blocks of k
        {40, 1, 33},       // a matrix times a column vector
        {0, 5, 3},
        {4, 0, 3},
        {4, 5, 0},         // k = 0: C = beta C
    };

    private static final boolean[][] FORMS = {
        {false, false}, {true, false}, {false, true}, {true, true}};

    /** alpha, beta. */
    private static final double[][] SCALES = {
        {1, 1}, {2.5, -0.5}, {-1, 0}, {0.5, 1}, {0, 0.5}, {0, 0}, {1, 2}};

    static List<Arguments> formsAndSizes() {
        List<Arguments> cases = new ArrayList<>();
        for (GemmKernel kernel : Kernels.all()) {
            for (boolean[] form : FORMS) {
                for (int[] size : SIZES) {
                    cases.add(Arguments.of(kernel, new Problem(form[0], form[1],
                            size[0], size[1], size[2], 31L * size[0] + size[1] + 7L * size[2])));
                }
            }
        }
        return cases;
    }

    static List<Arguments> scales() {
        List<Arguments> cases = new ArrayList<>();
        for (GemmKernel kernel : Kernels.all()) {
            for (boolean[] form : FORMS) {
                for (double[] scale : SCALES) {
                    // 9 x 70 x 300 has two blocks of k: beta must apply once, not per block.
                    for (int[] size : new int[][] {{17, 33, 65}, {9, 70, 300}}) {
                        cases.add(Arguments.of(kernel, new Problem(form[0], form[1],
                                size[0], size[1], size[2], 5), scale[0], scale[1]));
                    }
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formsAndSizes")
    void singleMatchesTheTripleLoop(GemmKernel kernel, Problem problem) {
        checkSingle(kernel, problem, 1, 0);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formsAndSizes")
    void doubleMatchesTheTripleLoop(GemmKernel kernel, Problem problem) {
        checkDouble(kernel, problem, 1, 0);
    }

    @ParameterizedTest(name = "{0} {1} alpha={2} beta={3}")
    @MethodSource("scales")
    void singleScales(GemmKernel kernel, Problem problem, double alpha, double beta) {
        checkSingle(kernel, problem, alpha, beta);
    }

    @ParameterizedTest(name = "{0} {1} alpha={2} beta={3}")
    @MethodSource("scales")
    void doubleScales(GemmKernel kernel, Problem problem, double alpha, double beta) {
        checkDouble(kernel, problem, alpha, beta);
    }

    /** alpha = 0 means A and B are not read, as in BLAS: NaN in them must not reach C. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nnc.runtime.gemm.Kernels#all")
    void alphaZeroReadsNeitherOperand(GemmKernel kernel) {
        float[] a = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] b = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] c = {1, 2, 3, 4};
        kernel.sgemm(false, false, 2, 2, 2, 0f, a, 0, 2, b, 0, 2, 3f, c, 0, 2);
        assertEquals(Arrays.toString(new float[] {3, 6, 9, 12}), Arrays.toString(c));
        double[] ad = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        double[] cd = {1, 2, 3, 4};
        kernel.dgemm(true, true, 2, 2, 2, 0, ad, 0, 2, ad.clone(), 0, 2, 0, cd, 0, 2);
        assertEquals(Arrays.toString(new double[] {0, 0, 0, 0}), Arrays.toString(cd));
    }

    private static void checkSingle(GemmKernel kernel, Problem p, double alpha, double beta) {
        double[] bound = new double[p.c.length];
        double[] expected = p.expected(alpha, beta, bound);
        float[] c = Problem.toFloat(garbageIfBetaIsZero(p, beta));
        kernel.sgemm(p.transA, p.transB, p.m, p.n, p.k, (float) alpha,
                Problem.toFloat(p.a), p.aOff, p.lda, Problem.toFloat(p.b), p.bOff, p.ldb,
                (float) beta, c, p.cOff, p.ldc);
        double[] got = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            got[i] = c[i];
        }
        compare(p, expected, bound, got, FLOAT_UNIT);
    }

    private static void checkDouble(GemmKernel kernel, Problem p, double alpha, double beta) {
        double[] bound = new double[p.c.length];
        double[] expected = p.expected(alpha, beta, bound);
        double[] c = garbageIfBetaIsZero(p, beta);
        kernel.dgemm(p.transA, p.transB, p.m, p.n, p.k, alpha, p.a.clone(), p.aOff, p.lda,
                p.b.clone(), p.bOff, p.ldb, beta, c, p.cOff, p.ldc);
        compare(p, expected, bound, c, DOUBLE_UNIT);
    }

    /** C's window filled with NaN when beta is 0: BLAS ignores C then, so must we. */
    private static double[] garbageIfBetaIsZero(Problem p, double beta) {
        double[] c = p.c.clone();
        if (beta == 0) {
            for (int i = 0; i < c.length; i++) {
                if (p.insideC(i)) {
                    c[i] = Double.NaN;
                }
            }
        }
        return c;
    }

    /**
     * Inside C: within (k + 4) units of rounding of the sum of magnitudes, the standard bound
     * for a k-term dot product plus the roundings of alpha, beta and the final add. Outside:
     * the sentinel, untouched, so edge tiles write nothing past C's rows or columns.
     */
    private static void compare(Problem p, double[] expected, double[] bound, double[] got,
                                double unit) {
        for (int i = 0; i < got.length; i++) {
            if (p.insideC(i)) {
                double tolerance = (p.k + 4) * unit * bound[i];
                if (!(Math.abs(got[i] - expected[i]) <= tolerance)) {
                    int rel = i - p.cOff;
                    fail(p + ": C(" + rel / p.ldc + ", " + rel % p.ldc + ") is " + got[i]
                            + ", expected " + expected[i] + " within " + tolerance);
                }
            } else if (got[i] != Problem.SENTINEL) {
                fail(p + ": element " + i + " outside C was overwritten with " + got[i]);
            }
        }
    }
}
