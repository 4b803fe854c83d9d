package dev.nnc.runtime.gemm;


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

    /** Each row of C is accumulated on its own, in a scratch row. */
    @Override
    public int tileRows() {
        return 1;
    }

    /**
     * Each element of C is accumulated on its own, so any column would do: 16 floats, one
     * cache line, keeps two threads from writing the same line of C.
     */
    @Override
    public int tileColumns() {
        return 16;
    }

    @Override
    public String toString() {
        return "plain";
    }

    @Override
    public void computeSgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        PlainSgemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    @Override
    public void computeDgemm(boolean transA, boolean transB, int m, int n, int k,
                             double alpha, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        PlainDgemm.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }
}
