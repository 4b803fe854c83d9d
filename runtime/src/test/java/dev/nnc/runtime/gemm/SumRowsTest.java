package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.runtime.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sumRows}, a bias's gradient: every kernel gives the bits of the plain loop (each
 * column's rows added in order from +0), for widths around the vector lengths and with the
 * awkward values (signed zeros, infinities, NaN) where order and the starting zero show.
 */
class SumRowsTest {
    private static final int[] WIDTHS = {0, 1, 7, 10, 16, 17, 63, 64, 65, 128, 256, 300};

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nnc.runtime.gemm.Kernels#all")
    void everyKernelAddsEachColumnsRowsInOrderFromPlusZero(GemmKernel g) {
        Rng rng = new Rng(12);
        for (int n : WIDTHS) {
            for (int m : new int[] {0, 1, 3, 128}) {
                int lda = n + 3;
                float[] a = new float[2 + m * lda];
                double[] ad = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    // Large and small magnitudes, so that the order of the additions shows in the bits.
                    a[i] = (float) (rng.nextGaussian() * (i % 3 == 0 ? 1e6 : 1e-3));
                    ad[i] = a[i] * 1.000001;
                }
                if (m > 0 && n > 0) {
                    a[2] = -0f; // a column of one -0 sums to +0 (0 + -0)
                    ad[2] = -0.0;
                }
                if (m > 1 && n > 3) {
                    a[2 + 3] = Float.POSITIVE_INFINITY;
                    a[2 + lda + 3] = Float.NEGATIVE_INFINITY; // inf + -inf: NaN
                }
                float[] expected = new float[n + 1];
                RowLoops.sumRows(m, n, a, 2, lda, expected, 1);
                float[] out = new float[n + 1];
                Arrays.fill(out, 42f);
                out[0] = 7f;
                g.sumRows(m, n, a, 2, lda, out, 1);
                assertEquals(7f, out[0], "nothing before out");
                for (int j = 0; j < n; j++) {
                    assertEquals(Float.floatToIntBits(expected[j + 1]), Float.floatToIntBits(out[j + 1]),
                            g + ", " + m + " x " + n + ", column " + j);
                }
                double[] expectedD = new double[n];
                RowLoops.sumRows(m, n, ad, 2, lda, expectedD, 0);
                double[] outD = new double[n];
                g.sumRows(m, n, ad, 2, lda, outD, 0);
                assertArrayEquals(expectedD, outD, g + ", doubles, " + m + " x " + n);
            }
        }
    }

    @Test
    void aColumnOfMinusZeroSumsToPlusZeroAsTheLoopStartsFromIt() {
        float[] out = new float[1];
        Gemm.sumRows(2, 1, new float[] {-0f, -0f}, 0, 1, out, 0);
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[0]));
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsWritten() {
        float[] a = new float[12];
        float[] out = {5f, 5f};
        assertThrows(IndexOutOfBoundsException.class, () -> Gemm.sumRows(3, 4, a, 0, 4, out, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Gemm.sumRows(4, 3, a, 1, 3, new float[3], 0));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sumRows(3, 4, a, 0, 3, new float[4], 0));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sumRows(-1, 4, a, 0, 4, new float[4], 0));
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sumRows(2, 4, a, 0, 4, a, 6));
        assertEquals("sumRows: out [6, 10) overlaps A [0, 8) in the same array", overlap.getMessage());
        assertArrayEquals(new float[] {5f, 5f}, out);
    }
}
