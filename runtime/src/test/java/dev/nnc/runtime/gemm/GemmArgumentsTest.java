package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A bad call fails with a message naming the operand, before writing anything to C. */
class GemmArgumentsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nnc.runtime.gemm.Kernels#all")
    void badCallsThrowAndLeaveCAlone(GemmKernel g) {
        float[] a = new float[6];   // 2 x 3
        float[] b = new float[12];  // 3 x 4
        float[] c = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] before = c.clone();

        fails(IllegalArgumentException.class, "negative size",
                () -> g.sgemm(false, false, -1, 4, 3, 1, a, 0, 3, b, 0, 4, 0, c, 0, 4));
        fails(IllegalArgumentException.class, "leading dimension of A is 2",
                () -> g.sgemm(false, false, 2, 4, 3, 1, a, 0, 2, b, 0, 4, 0, c, 0, 4));
        // Transposed, stored A is 3 x 2: a leading dimension of 2 is right, 3 overruns.
        fails(IndexOutOfBoundsException.class, "A (3 x 2, offset 0, leading dimension 3)",
                () -> g.sgemm(true, false, 2, 4, 3, 1, a, 0, 3, b, 0, 4, 0, c, 0, 4));
        fails(IndexOutOfBoundsException.class, "B (3 x 4, offset 1",
                () -> g.sgemm(false, false, 2, 4, 3, 1, a, 0, 3, b, 1, 4, 0, c, 0, 4));
        fails(IndexOutOfBoundsException.class, "offset -1 of C",
                () -> g.sgemm(false, false, 2, 4, 3, 1, a, 0, 3, b, 0, 4, 0, c, -1, 4));
        fails(IllegalArgumentException.class, "leading dimension of C is 3",
                () -> g.sgemm(false, false, 2, 4, 3, 1, a, 0, 3, b, 0, 4, 0, c, 0, 3));
        fails(NullPointerException.class, "b",
                () -> g.sgemm(false, false, 2, 4, 3, 1, a, 0, 3, null, 0, 4, 0, c, 0, 4));
        assertArrayEquals(before, c);

        double[] one = new double[20];
        fails(IllegalArgumentException.class, "C [4, 8) overlaps A [0, 6)",
                () -> g.dgemm(false, false, 2, 2, 3, 1, one, 0, 3, new double[6], 0, 2,
                        0, one, 4, 2));
        fails(IllegalArgumentException.class, "overlaps B",
                () -> g.dgemm(false, true, 2, 2, 3, 1, new double[6], 0, 3, one, 10, 3,
                        0, one, 12, 2));
    }

    /** Operands and C may share one array at disjoint ranges, as a buffer planner may lay them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nnc.runtime.gemm.Kernels#all")
    void disjointRangesOfOneArrayAreFine(GemmKernel g) {
        //               A (2 x 2)     B (2 x 2)     C (2 x 2)
        double[] all = {1, 2, 3, 4,   5, 6, 7, 8,   -1, -1, -1, -1};
        g.dgemm(false, false, 2, 2, 2, 1, all, 0, 2, all, 4, 2, 0, all, 8, 2);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 19, 22, 43, 50}, all);
    }

    private static void fails(Class<? extends RuntimeException> type, String message,
                              Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(String.valueOf(e.getMessage()).contains(message),
                "expected '" + message + "' in: " + e.getMessage());
    }
}
