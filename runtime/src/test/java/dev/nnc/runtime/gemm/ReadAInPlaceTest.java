package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The Vector API sgemm reads A in place for narrow products instead of packing it: the same
 * arithmetic, so the same bits, for every form, for full and partial panels of rows, with
 * and without beta, and at the MLP's shapes.
 */
class ReadAInPlaceTest {

    private static final int[][] SIZES = {
        {128, 256, 784}, {784, 256, 128}, {128, 128, 256}, {128, 10, 128}, {256, 128, 128},
        {130, 40, 257}, {17, 33, 65}, {9, 512, 300}, {8, 32, 1}, {5, 7, 3}, {200, 100, 600}};

    @Test
    void readingAInPlaceGivesTheBitsOfPackingIt() {
        assumeTrue(Gemm.vectorModulePresent(), "needs the Vector API module");
        for (int rows : new int[] {8, 6}) {
            GemmKernel inPlace = new VectorGemm(rows, true);
            GemmKernel packed = new VectorGemm(rows, false);
            for (int[] size : SIZES) {
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        for (float beta : new float[] {0f, 1f}) {
                            Problem p = new Problem(transA, transB, size[0], size[1], size[2],
                                    size[0] * 7919L + size[1] * 31L + size[2]);
                            float[] a = Problem.toFloat(p.a);
                            float[] b = Problem.toFloat(p.b);
                            float[] expected = Problem.toFloat(p.c);
                            float[] actual = Problem.toFloat(p.c);
                            packed.sgemm(transA, transB, p.m, p.n, p.k, 1f, a, p.aOff, p.lda, b, p.bOff,
                                    p.ldb, beta, expected, p.cOff, p.ldc);
                            inPlace.sgemm(transA, transB, p.m, p.n, p.k, 1f, a, p.aOff, p.lda, b, p.bOff,
                                    p.ldb, beta, actual, p.cOff, p.ldc);
                            assertArrayEquals(expected, actual, rows + "-row tiles, " + p + " beta=" + beta);
                        }
                    }
                }
            }
        }
    }

    @Test
    void onlyNarrowProductsWithAlphaOneReadAInPlace() {
        assumeTrue(Gemm.vectorModulePresent(), "needs the Vector API module");
        assertTrue(VectorSgemm.readsADirectly(1f, 256, 784));
        assertTrue(VectorSgemm.readsADirectly(1f, 512, 100));
        assertFalse(VectorSgemm.readsADirectly(0.5f, 256, 784), "alpha is folded in while packing");
        assertFalse(VectorSgemm.readsADirectly(1f, 513, 784), "a wide product packs");
        assertFalse(VectorSgemm.readsADirectly(1f, 256, 1024), "rows 4 KB apart share cache sets");
    }
}
