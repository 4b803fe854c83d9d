package dev.nnc.runtime.gemm;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A kernel that counts the blocks it computes, and how many of them ran on a team's worker
 * threads, then hands them to the kernel it wraps. Counting allocates nothing.
 */
final class Counting implements GemmKernel {
    final GemmKernel kernel;
    final AtomicInteger blocks = new AtomicInteger();
    final AtomicInteger onWorkers = new AtomicInteger();

    Counting(GemmKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public String name() {
        return kernel.name();
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
    public String toString() {
        return kernel.toString();
    }

    private void count() {
        blocks.incrementAndGet();
        if (Thread.currentThread().getName().startsWith("nnc-gemm-")) {
            onWorkers.incrementAndGet();
        }
    }

    @Override
    public void computeSgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        count();
        kernel.computeSgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    @Override
    public void computeDgemm(boolean transA, boolean transB, int m, int n, int k,
                             double alpha, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        count();
        kernel.computeDgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }
}
