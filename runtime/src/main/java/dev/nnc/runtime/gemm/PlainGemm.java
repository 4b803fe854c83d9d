package dev.nnc.runtime.gemm;

import java.util.Objects;

/**
 * The portable kernel: plain Java that C2 auto-vectorises ({@link PlainSgemm},
 * {@link PlainDgemm}). Runs on any JDK 17; the fallback when the Vector API is absent.
 */
public final class PlainGemm implements GemmKernel {
    static final PlainGemm INSTANCE = new PlainGemm();

    private PlainGemm() {}

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public String toString() {
        return "plain";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        GemmArguments.check(transA, transB, m, n, k,
                a, Objects.requireNonNull(a, "a").length, aOff, lda,
                b, Objects.requireNonNull(b, "b").length, bOff, ldb,
                c, Objects.requireNonNull(c, "c").length, cOff, ldc);
        PlainSgemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k,
                      double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        GemmArguments.check(transA, transB, m, n, k,
                a, Objects.requireNonNull(a, "a").length, aOff, lda,
                b, Objects.requireNonNull(b, "b").length, bOff, ldb,
                c, Objects.requireNonNull(c, "c").length, cOff, ldc);
        PlainDgemm.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }
}
