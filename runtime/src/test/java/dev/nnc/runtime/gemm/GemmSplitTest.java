package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nnc.runtime.Rng;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Splitting the rows of C between calls, or between threads, gives the same bits as one call:
 * scratch memory is per thread, and every row gets the same arithmetic whichever path
 * (whole tiles, edge tiles, the few-rows path) computes it.
 */
class GemmSplitTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nnc.runtime.gemm.Kernels#all")
    void twoThreadsSplittingTheRowsOfCGiveTheSingleThreadedAnswer(GemmKernel g)
            throws InterruptedException {
        int m = 64;
        int n = 300;
        int k = 270;
        Rng rng = new Rng(3);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextGaussian();
        }
        float[] whole = new float[m * n];
        g.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, whole, 0, n);

        float[] halves = new float[m * n];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int first = t * m / 2;
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                    for (int rep = 0; rep < 50; rep++) {
                        // Rows [first, first + m/2) of C from the same rows of A.
                        g.sgemm(false, false, m / 2, n, k, 1f, a, first * k, k, b, 0, n,
                                0f, halves, first * n, n);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            threads[t].start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertArrayEquals(whole, halves);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nnc.runtime.gemm.Kernels#all")
    void rowByRowGivesTheBitsOfOneCall(GemmKernel g) {
        int m = 19;
        int n = 70;
        int k = 300; // two blocks of k
        Rng rng = new Rng(4);
        double[] a = new double[m * k];
        double[] b = new double[k * n];
        double[] c = new double[m * n];
        for (double[] x : new double[][] {a, b, c}) {
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
            }
        }
        for (boolean transA : new boolean[] {false, true}) {
            for (double beta : new double[] {0, 1, 0.5}) {
                int lda = transA ? m : k;
                double[] whole = c.clone();
                g.dgemm(transA, false, m, n, k, 1.5, a, 0, lda, b, 0, n, beta, whole, 0, n);
                double[] rows = c.clone();
                for (int i = 0; i < m; i++) {
                    int aOff = transA ? i : i * k;
                    g.dgemm(transA, false, 1, n, k, 1.5, a, aOff, lda, b, 0, n, beta,
                            rows, i * n, n);
                }
                assertArrayEquals(whole, rows, "transA=" + transA + " beta=" + beta);
            }
        }
    }
}
