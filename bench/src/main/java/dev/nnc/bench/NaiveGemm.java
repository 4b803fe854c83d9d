package dev.nnc.bench;

/**
 * The baseline: the textbook triple loop over flat arrays, in the loop order a careful
 * engineer picks for each form so the innermost loop runs along contiguous memory, but with
 * no blocking, packing or vectorisation tricks. For NN and TN that innermost loop is
 * {@code c[ci + j] += a * b[bk + j]}, the flat-array loop HotSpot does not auto-vectorise;
 * for NT it is a dot product of two rows.
 */
final class NaiveGemm {
    private NaiveGemm() {}

    /** C = op(A) op(B) (alpha 1, beta 0), row-major with the given leading dimensions. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {
        if (transB) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float sum = 0;
                    int bj = j * ldb;
                    for (int p = 0; p < k; p++) {
                        sum += (transA ? a[p * lda + i] : a[i * lda + p]) * b[bj + p];
                    }
                    c[i * ldc + j] = sum;
                }
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = 0;
            }
            for (int p = 0; p < k; p++) {
                float aip = transA ? a[p * lda + i] : a[i * lda + p];
                int bk = p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bk + j];
                }
            }
        }
    }
}
