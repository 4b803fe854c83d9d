package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.Rng;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A {@link GemmTeam} cuts each product in proportion to the speeds it measured: a slower
 * thread gets less, the cuts stay where they were until the speeds really change, and loops
 * are cut like products, so each thread gets the rows it computed.
 */
class GemmBalanceTest {

    @Test
    void equalSpeedsCutEvenly() {
        int[] cut = new int[3];
        GemmTeam.cuts(16, 2, 1, new double[] {1, 1}, cut);
        assertArrayEquals(new int[] {0, 8, 16}, cut);
        int[] four = new int[5];
        GemmTeam.cuts(98, 4, 1, new double[] {1, 1, 1, 1}, four);
        assertArrayEquals(new int[] {0, 25, 49, 74, 98}, four);
    }

    @Test
    void cutsFollowTheSpeeds() {
        int[] cut = new int[3];
        GemmTeam.cuts(16, 2, 1, new double[] {1, 0.5}, cut);
        assertArrayEquals(new int[] {0, 11, 16}, cut, "two thirds to the caller");
        GemmTeam.cuts(16, 2, 1, new double[] {1, 3}, cut);
        assertArrayEquals(new int[] {0, 4, 16}, cut, "a quarter to the caller");
    }

    @Test
    void everyBlockKeepsItsLeastNumberOfUnits() {
        int[] cut = new int[4];
        GemmTeam.cuts(10, 3, 3, new double[] {1, 0.01, 1}, cut);
        assertArrayEquals(new int[] {0, 4, 7, 10}, cut);
        int[] two = new int[3];
        GemmTeam.cuts(8, 2, 1, new double[] {1, GemmTeam.SLOWEST}, two);
        assertEquals(7, two[1], "the slowest worker still gets one unit");
        GemmTeam.cuts(2, 2, 1, new double[] {1, GemmTeam.FASTEST}, two);
        assertArrayEquals(new int[] {0, 1, 2}, two);
    }

    /**
     * A worker made four times slower than the caller (it sleeps three times as long as each
     * block took) ends up with well under half of each product, and the bits do not change.
     * Judged on the rows the worker was given, not on any time. The kernel is warmed up on one
     * thread first: while the JIT still compiles it, a thread can run it interpreted while the
     * other runs it compiled, and measured speeds mean little. Calls go on until the worker's
     * share is down, within a generous budget, so a loaded machine only makes it slower.
     */
    @Test
    void aSlowerWorkerIsGivenLess() {
        GemmTeam team = new GemmTeam(0);
        Slowed kernel = new Slowed(PlainGemm.INSTANCE, 3);
        int m = 256;
        int n = 96;
        int k = 96;
        Rng rng = new Rng(5);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextGaussian();
        }
        float[] one = new float[m * n];
        PlainGemm.INSTANCE.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, one, 0, n);
        float[] c = new float[m * n];
        for (int call = 0; call < 300; call++) {
            PlainGemm.INSTANCE.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        }
        int workerRows = m;
        for (int call = 0; call < 3000 && workerRows > m / 3; call++) {
            kernel.workerRows.set(0);
            team.sgemm(2, kernel, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            assertArrayEquals(one, c, "call " + call);
            if (kernel.workerRows.get() > 0) {
                workerRows = kernel.workerRows.get();
            }
        }
        assertTrue(workerRows <= m / 3,
                "the slower worker still computes " + workerRows + " of " + m + " rows");
    }

    /**
     * A loop over a product's rows is cut where the product is, at the same speeds. The loop
     * runs first: a product measures, and may move the cuts after itself.
     */
    @Test
    void loopsAreCutLikeProducts() {
        GemmTeam team = new GemmTeam(0);
        Slowed kernel = new Slowed(PlainGemm.INSTANCE, 0);
        int m = 256;
        int n = 64;
        float[] a = new float[m * n];
        float[] b = new float[n * n];
        float[] c = new float[m * n];
        team.assumeSpeeds(1, 0.5);
        int[] loopCut = {-1};
        team.range(2, (task, from, to) -> {
            if (from > 0) {
                loopCut[0] = from / n;
            }
        }, 0, m * n, 1, n);
        kernel.secondBlockRow.set(-1);
        team.sgemm(2, kernel, false, false, m, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        assertEquals(171, kernel.secondBlockRow.get(), "the product's cut: two thirds to the caller");
        assertEquals(171, loopCut[0], "the loop's cut, in rows");
    }

    /** Wraps a kernel; on a worker thread, sleeps {@code extra} times as long as each block took. */
    private static final class Slowed implements GemmKernel {
        final GemmKernel kernel;
        final double extra;
        final AtomicInteger workerRows = new AtomicInteger();
        /** The first row of the last block that did not start at row 0, on any thread. */
        final AtomicInteger secondBlockRow = new AtomicInteger();

        Slowed(GemmKernel kernel, double extra) {
            this.kernel = kernel;
            this.extra = extra;
        }

        @Override
        public String name() {
            return "slowed " + kernel.name();
        }

        @Override
        public int tileRows() {
            return kernel.tileRows();
        }

        @Override
        public int tileColumns() {
            return kernel.tileColumns();
        }

        @Override
        public void computeSgemm(boolean transA, boolean transB, int m, int n, int k,
                                 float alpha, float[] a, int aOff, int lda,
                                 float[] b, int bOff, int ldb,
                                 float beta, float[] c, int cOff, int ldc) {
            long start = System.nanoTime();
            kernel.computeSgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
            if (cOff > 0) {
                secondBlockRow.set(cOff / ldc);
            }
            if (Thread.currentThread().getName().startsWith("nnc-gemm-")) {
                workerRows.addAndGet(m);
                // Sleeping, not spinning: a slower core does not take the caller's CPU, and on
                // a loaded machine the two threads may share one.
                long until = System.nanoTime() + (long) ((System.nanoTime() - start) * extra);
                while (System.nanoTime() - until < 0) {
                    LockSupport.parkNanos(until - System.nanoTime());
                }
            }
        }

        @Override
        public void computeDgemm(boolean transA, boolean transB, int m, int n, int k,
                                 double alpha, double[] a, int aOff, int lda,
                                 double[] b, int bOff, int ldb,
                                 double beta, double[] c, int cOff, int ldc) {
            kernel.computeDgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
        }
    }
}
