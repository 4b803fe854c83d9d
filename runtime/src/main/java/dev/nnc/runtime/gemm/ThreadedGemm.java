package dev.nnc.runtime.gemm;

import java.util.function.IntSupplier;

/**
 * A kernel whose large products are split between the calling thread and the workers of a
 * {@link GemmTeam}, on as many threads as a supplier says at each call ({@link Gemm#threads}
 * in {@link Gemm#sgemm}, {@link Gemm#dgemm} and what {@link Gemm#threaded} returns).
 * Arguments are checked (by {@link GemmKernel}'s {@code sgemm} and {@code dgemm}) before
 * anything is split.
 */
final class ThreadedGemm implements GemmKernel {
    private final GemmKernel kernel;
    private final GemmTeam team;
    private final IntSupplier threads;

    ThreadedGemm(GemmKernel kernel, GemmTeam team, IntSupplier threads) {
        this.kernel = kernel;
        this.team = team;
        this.threads = threads;
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
        return kernel + ", split between up to " + threads.getAsInt() + " threads";
    }

    @Override
    public void computeSgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        team.sgemm(threads.getAsInt(), kernel, transA, transB, m, n, k, alpha, a, aOff, lda,
                b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void computeDgemm(boolean transA, boolean transB, int m, int n, int k,
                             double alpha, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        team.dgemm(threads.getAsInt(), kernel, transA, transB, m, n, k, alpha, a, aOff, lda,
                b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void subtractScaled(int m, int n, float scale, float[] c, int cOff, float[] w, int wOff, int ld) {
        kernel.subtractScaled(m, n, scale, c, cOff, w, wOff, ld);
    }

    @Override
    public void subtractScaled(int m, int n, double scale, double[] c, int cOff, double[] w, int wOff, int ld) {
        kernel.subtractScaled(m, n, scale, c, cOff, w, wOff, ld);
    }

    @Override
    public void computeSgemmSubtract(boolean transA, boolean transB, int m, int n, int k,
                                     float alpha, float[] a, int aOff, int lda,
                                     float[] b, int bOff, int ldb,
                                     float[] c, int cOff, int ldc, float scale, float[] w, int wOff) {
        team.sgemmSubtract(threads.getAsInt(), kernel, transA, transB, m, n, k, alpha, a, aOff, lda,
                b, bOff, ldb, c, cOff, ldc, scale, w, wOff);
    }

    @Override
    public void computeDgemmSubtract(boolean transA, boolean transB, int m, int n, int k,
                                     double alpha, double[] a, int aOff, int lda,
                                     double[] b, int bOff, int ldb,
                                     double[] c, int cOff, int ldc, double scale, double[] w, int wOff) {
        team.dgemmSubtract(threads.getAsInt(), kernel, transA, transB, m, n, k, alpha, a, aOff, lda,
                b, bOff, ldb, c, cOff, ldc, scale, w, wOff);
    }

    @Override
    public void sumRows(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
        kernel.sumRows(m, n, a, aOff, lda, out, outOff);
    }

    @Override
    public void sumRows(int m, int n, double[] a, int aOff, int lda, double[] out, int outOff) {
        kernel.sumRows(m, n, a, aOff, lda, out, outOff);
    }

    @Override
    public void biasAdd(boolean relu, int from, int to, int n, float[] z, float[] b, float[] out) {
        kernel.biasAdd(relu, from, to, n, z, b, out);
    }

    @Override
    public void biasAdd(boolean relu, int from, int to, int n, double[] z, double[] b, double[] out) {
        kernel.biasAdd(relu, from, to, n, z, b, out);
    }

    @Override
    public void reluGrad(int from, int to, float[] h, float[] g, float[] out) {
        kernel.reluGrad(from, to, h, g, out);
    }

    @Override
    public void reluGrad(int from, int to, double[] h, double[] g, double[] out) {
        kernel.reluGrad(from, to, h, g, out);
    }
}
