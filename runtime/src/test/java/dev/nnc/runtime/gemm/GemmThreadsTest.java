package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.runtime.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Gemm#setThreads}: its checks, its property, and what it changes (only the speed). */
class GemmThreadsTest {
    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    @AfterEach
    void backToOneThread() {
        Gemm.setThreads(1);
    }

    @Test
    void oneThreadUnlessThePropertySaysOtherwise() {
        assumeTrue(System.getProperty(Gemm.THREADS_PROPERTY) == null);
        assertEquals(1, Gemm.threads());
        assertEquals(1, Gemm.threadsFrom(null, 4));
        assertEquals(1, Gemm.threadsFrom(" ", 4));
        assertEquals(3, Gemm.threadsFrom(" 3 ", 4));
        assertEquals(4, Gemm.threadsFrom("4", 4));
    }

    @Test
    void thePropertyMustNameAThreadCountTheMachineHas() {
        for (String bad : new String[] {"0", "-1", "5", "two", "1.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Gemm.threadsFrom(bad, 4));
            assertTrue(e.getMessage().startsWith("nnc.threads must be"), e.getMessage());
            assertTrue(e.getMessage().contains("1 to 4"), e.getMessage());
        }
    }

    @Test
    void setThreadsTakesOneToTheAvailableProcessors() {
        Gemm.setThreads(PROCESSORS);
        assertEquals(PROCESSORS, Gemm.threads());
        for (int bad : new int[] {0, -2, PROCESSORS + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Gemm.setThreads(bad));
            assertEquals("threads must be from 1 to " + PROCESSORS
                    + " (the available processors), not " + bad, e.getMessage());
        }
        assertEquals(PROCESSORS, Gemm.threads(), "a refused count changes nothing");
        Gemm.setThreads(1);
        assertEquals(1, Gemm.threads());
    }

    /** The MLP's three products, above the splitting threshold: same bits on 1 and 2 threads. */
    @Test
    void theEntryPointsGiveTheSameBitsOnOneAndTwoThreads() {
        assumeTrue(PROCESSORS >= 2, "needs two processors");
        int[][] products = {{0, 0, 128, 256, 784}, {1, 0, 784, 256, 128}, {0, 1, 128, 784, 256}};
        Rng rng = new Rng(8);
        for (int[] s : products) {
            boolean ta = s[0] == 1;
            boolean tb = s[1] == 1;
            int m = s[2];
            int n = s[3];
            int k = s[4];
            assertTrue((long) m * n * k >= Gemm.SPLIT_WORK);
            float[] a = new float[m * k];
            float[] b = new float[k * n];
            double[] ad = new double[m * k];
            double[] bd = new double[k * n];
            for (int i = 0; i < a.length; i++) {
                ad[i] = a[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                bd[i] = b[i] = (float) rng.nextGaussian();
            }
            int lda = ta ? m : k;
            int ldb = tb ? k : n;
            float[][] c = new float[3][m * n];
            double[][] d = new double[3][m * n];
            Counting counting = new Counting(Gemm.kernel());
            GemmKernel threaded = Gemm.threaded(counting);
            for (int threads = 1; threads <= 2; threads++) {
                Gemm.setThreads(threads);
                Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c[threads], 0, n);
                Gemm.dgemm(ta, tb, m, n, k, 1, ad, 0, lda, bd, 0, ldb, 0, d[threads], 0, n);
                int before = counting.blocks.get();
                threaded.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c[0], 0, n);
                assertEquals(threads, counting.blocks.get() - before, "blocks");
            }
            assertArrayEquals(c[1], c[2]);
            assertArrayEquals(d[1], d[2]);
            assertArrayEquals(c[1], c[0]);
        }
    }

    /** Small products stay on the caller's thread. */
    @Test
    void smallProductsAreNotSplit() {
        assumeTrue(PROCESSORS >= 2, "needs two processors");
        Gemm.setThreads(2);
        Counting counting = new Counting(Gemm.kernel());
        GemmKernel threaded = Gemm.threaded(counting);
        threaded.sgemm(false, false, 128, 10, 128, 1f, new float[128 * 128], 0, 128,
                new float[128 * 10], 0, 10, 0f, new float[128 * 10], 0, 10);
        assertEquals(1, counting.blocks.get());
    }

    /** Arguments are checked once, before any splitting: a bad call writes nothing. */
    @Test
    void aBadCallFailsBeforeSplitting() {
        assumeTrue(PROCESSORS >= 2, "needs two processors");
        Gemm.setThreads(2);
        float[] a = new float[256 * 256];
        float[] c = new float[256 * 256];
        c[0] = 7;
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemm(false, false, 256, 256, 256, 1f, a, 0, 256, a, 1, 256, 0f,
                        c, 0, 256));
        assertTrue(e.getMessage().contains("B (256 x 256, offset 1"), e.getMessage());
        assertEquals(7, c[0]);
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 128, 256, 256, 1f, c, 0, 256, a, 0, 256, 0f,
                        c, 128 * 256 - 1, 256));
        assertTrue(overlap.getMessage().contains("overlaps A"), overlap.getMessage());
    }
}
