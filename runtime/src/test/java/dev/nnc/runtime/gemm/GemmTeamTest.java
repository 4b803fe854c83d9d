package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.Rng;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A product split between threads by a {@link GemmTeam} gives the bits of the same kernel on
 * one thread, whatever the number of threads; callers on several threads each get their own
 * answer; and an exception in any block reaches the caller, leaving the team usable.
 */
class GemmTeamTest {
    /** Splits everything that has two units of rows or columns, however small. */
    private static final GemmTeam TEAM = new GemmTeam(0);

    /**
     * m, n, k: the MLP's three products at batch 128, edge tiles, two blocks of k, a block of
     * B's columns, few rows, one row, and NT shapes wide enough to split by columns.
     */
    private static final int[][] SIZES = {
        {128, 256, 784}, {784, 256, 128}, {128, 784, 256},
        {130, 40, 257}, {9, 1100, 300}, {3, 700, 60}, {1, 300, 20}, {50, 300, 70},
        {17, 33, 65}, {1, 1, 1}};

    private static final boolean[][] FORMS = {
        {false, false}, {true, false}, {false, true}, {true, true}};

    private static List<int[]> sizes() {
        List<int[]> sizes = new ArrayList<>(List.of(SIZES));
        Rng rng = new Rng(17);
        for (int i = 0; i < 10; i++) {
            sizes.add(new int[] {
                1 + (int) (rng.nextDouble() * 200),
                1 + (int) (rng.nextDouble() * 600),
                1 + (int) (rng.nextDouble() * 300)});
        }
        return sizes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nnc.runtime.gemm.Kernels#all")
    void anyNumberOfThreadsGivesTheBitsOfOne(GemmKernel kernel) {
        Counting counting = new Counting(kernel);
        int splits = 0;
        for (int[] size : sizes()) {
            for (boolean[] form : FORMS) {
                Problem p = new Problem(form[0], form[1], size[0], size[1], size[2],
                        size[0] * 1009L + size[1] * 31L + size[2]);
                float[] a = Problem.toFloat(p.a);
                float[] b = Problem.toFloat(p.b);
                for (double beta : new double[] {0, 1}) {
                    float[] one = Problem.toFloat(p.c);
                    kernel.sgemm(p.transA, p.transB, p.m, p.n, p.k, 0.75f, a, p.aOff, p.lda,
                            b, p.bOff, p.ldb, (float) beta, one, p.cOff, p.ldc);
                    double[] oneD = p.c.clone();
                    kernel.dgemm(p.transA, p.transB, p.m, p.n, p.k, 0.75, p.a, p.aOff, p.lda,
                            p.b, p.bOff, p.ldb, beta, oneD, p.cOff, p.ldc);
                    for (int threads = 2; threads <= 4; threads++) {
                        String what = kernel + " " + p + " beta=" + beta + " on " + threads
                                + " threads";
                        int blocks = expectedBlocks(kernel, threads, p);
                        splits += blocks > 1 ? 1 : 0;

                        float[] split = Problem.toFloat(p.c);
                        int before = counting.blocks.get();
                        TEAM.sgemm(threads, counting, p.transA, p.transB, p.m, p.n, p.k, 0.75f,
                                a, p.aOff, p.lda, b, p.bOff, p.ldb, (float) beta,
                                split, p.cOff, p.ldc);
                        assertEquals(blocks, counting.blocks.get() - before, what);
                        assertArrayEquals(one, split, what);

                        double[] splitD = p.c.clone();
                        TEAM.dgemm(threads, counting, p.transA, p.transB, p.m, p.n, p.k, 0.75,
                                p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, beta,
                                splitD, p.cOff, p.ldc);
                        assertArrayEquals(oneD, splitD, what + ", f64");
                    }
                }
            }
        }
        assertTrue(splits > 300, "only " + splits + " calls were split");
    }

    /** Blocks of whole tiles of rows, or of columns when C is wider than tall. */
    private static int expectedBlocks(GemmKernel kernel, int threads, Problem p) {
        boolean columns = p.n > p.m && p.n >= 256;
        int units = columns ? p.n / kernel.tileColumns() : p.m / kernel.tileRows();
        return Math.max(1, Math.min(threads, units));
    }

    @Test
    void callersOnSeveralThreadsEachGetTheirOwnAnswer() throws InterruptedException {
        GemmKernel kernel = Gemm.kernel();
        int callers = 4;
        Thread[] threads = new Thread[callers];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < callers; t++) {
            // Different shapes and forms per caller, so a mixed-up call cannot pass.
            Problem p = new Problem(t % 2 == 1, t >= 2, 100 + 24 * t, 300 - 40 * t, 90 + t, t);
            float[] a = Problem.toFloat(p.a);
            float[] b = Problem.toFloat(p.b);
            float[] expected = Problem.toFloat(p.c);
            kernel.sgemm(p.transA, p.transB, p.m, p.n, p.k, 1f, a, p.aOff, p.lda,
                    b, p.bOff, p.ldb, 0f, expected, p.cOff, p.ldc);
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                    for (int rep = 0; rep < 200; rep++) {
                        float[] c = Problem.toFloat(p.c);
                        TEAM.sgemm(2, kernel, p.transA, p.transB, p.m, p.n, p.k, 1f,
                                a, p.aOff, p.lda, b, p.bOff, p.ldb, 0f, c, p.cOff, p.ldc);
                        assertArrayEquals(expected, c, p + ", call " + rep);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "caller-" + t);
            threads[t].start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void anExceptionInAnyBlockReachesTheCaller() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            // The block past the first row throws, wherever it runs.
            GemmKernel failing = new Failing(Gemm.plain(), (thread, cOff) -> cOff != 0);
            float[] c = new float[64 * 64];
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TEAM.sgemm(2, failing, false, false, 64, 64, 64, 1f,
                            new float[64 * 64], 0, 64, new float[64 * 64], 0, 64, 0f, c, 0, 64));
            assertTrue(e.getMessage().startsWith("block at 2048"), e.getMessage());
            stillWorks();
        });
    }

    @Test
    void anExceptionOnAWorkerThreadReachesTheCaller() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            GemmKernel failing = new Failing(Gemm.plain(),
                    (thread, cOff) -> thread.getName().startsWith("nnc-gemm-"));
            float[] a = new float[128 * 128];
            float[] c = new float[128 * 128];
            // The caller takes the blocks no worker has taken yet, so a call may finish
            // without any worker: call until one took a block and failed.
            for (int call = 0; ; call++) {
                try {
                    TEAM.sgemm(2, failing, false, false, 128, 128, 128, 1f, a, 0, 128,
                            a, 0, 128, 0f, c, 0, 128);
                } catch (IllegalStateException e) {
                    assertTrue(e.getMessage().contains("on nnc-gemm-1"), e.getMessage());
                    break;
                }
                assertTrue(call < 100_000, "no worker ever took a block");
            }
            stillWorks();
        });
    }

    @Test
    void whenSeveralBlocksFailOneIsThrownAndTheOthersAreSuppressedInIt() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            GemmKernel failing = new Failing(Gemm.plain(), (thread, cOff) -> true);
            float[] x = new float[96 * 96];
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TEAM.sgemm(3, failing, false, false, 96, 96, 96, 1f, x, 0, 96,
                            x.clone(), 0, 96, 0f, new float[96 * 96], 0, 96));
            assertEquals(2, e.getSuppressed().length);
            stillWorks();
        });
    }

    @Test
    void anErrorInABlockIsRethrownAsItIs() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            StackOverflowError error = new StackOverflowError("deep");
            GemmKernel failing = new Failing(Gemm.plain(), (thread, cOff) -> {
                throw error;
            });
            double[] x = new double[64 * 64];
            StackOverflowError thrown = assertThrows(StackOverflowError.class,
                    () -> TEAM.dgemm(2, failing, false, false, 64, 64, 64, 1, x, 0, 64,
                            x.clone(), 0, 64, 0, new double[64 * 64], 0, 64));
            assertSame(error, thrown);
            stillWorks();
        });
    }

    /** After a failed call, the team splits and computes the next one as usual. */
    private static void stillWorks() {
        Counting counting = new Counting(Gemm.plain());
        Problem p = new Problem(false, false, 64, 70, 80, 5);
        float[] a = Problem.toFloat(p.a);
        float[] b = Problem.toFloat(p.b);
        float[] one = Problem.toFloat(p.c);
        Gemm.plain().sgemm(false, false, p.m, p.n, p.k, 1f, a, p.aOff, p.lda, b, p.bOff,
                p.ldb, 0f, one, p.cOff, p.ldc);
        float[] split = Problem.toFloat(p.c);
        TEAM.sgemm(2, counting, false, false, p.m, p.n, p.k, 1f, a, p.aOff, p.lda, b, p.bOff,
                p.ldb, 0f, split, p.cOff, p.ldc);
        assertEquals(2, counting.blocks.get());
        assertArrayEquals(one, split);
    }

    /** Which blocks fail: by the thread computing it and the offset of its part of C. */
    private interface FailWhen {
        boolean test(Thread thread, int cOff);
    }

    /** Throws {@code IllegalStateException("block at <cOff> on <thread>")} where told to. */
    private static final class Failing implements GemmKernel {
        private final GemmKernel kernel;
        private final FailWhen when;

        Failing(GemmKernel kernel, FailWhen when) {
            this.kernel = kernel;
            this.when = when;
        }

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public int tileRows() {
            return kernel.tileRows();
        }

        private void maybeFail(int cOff) {
            Thread thread = Thread.currentThread();
            if (when.test(thread, cOff)) {
                throw new IllegalStateException("block at " + cOff + " on " + thread.getName());
            }
        }

        @Override
        public void computeSgemm(boolean transA, boolean transB, int m, int n, int k,
                                 float alpha, float[] a, int aOff, int lda,
                                 float[] b, int bOff, int ldb,
                                 float beta, float[] c, int cOff, int ldc) {
            maybeFail(cOff);
            kernel.computeSgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
        }

        @Override
        public void computeDgemm(boolean transA, boolean transB, int m, int n, int k,
                                 double alpha, double[] a, int aOff, int lda,
                                 double[] b, int bOff, int ldb,
                                 double beta, double[] c, int cOff, int ldc) {
            maybeFail(cOff);
            kernel.computeDgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
        }
    }
}
