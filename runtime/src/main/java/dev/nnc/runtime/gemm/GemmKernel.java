package dev.nnc.runtime.gemm;

import java.util.Objects;

/**
 * One implementation of the general matrix product {@code C = alpha * op(A) * op(B) + beta * C}
 * (BLAS's sgemm and dgemm) over flat row-major arrays.
 *
 * <p>The calling convention, the same for both precisions:
 *
 * <ul>
 *   <li>{@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n}, {@code C} is
 *       {@code m x n}. {@code op(X)} is {@code X} when its flag is false and {@code X}
 *       transposed when it is true; a transposed operand is read in place, never copied out
 *       as a whole.
 *   <li>Row-major storage with an offset and a leading dimension (the distance between the
 *       starts of two rows, at least the row's length): element {@code (r, s)} of the stored
 *       matrix {@code A} is {@code a[aOff + r * lda + s]}. Stored {@code A} is {@code m x k}
 *       when not transposed and {@code k x m} when transposed; likewise stored {@code B} is
 *       {@code k x n} or {@code n x k}.
 *   <li>The three forms of a dense layer {@code Y = X W}: forward {@code X W} is (false,
 *       false), the weight gradient {@code X^T G} is (true, false), the input gradient
 *       {@code G W^T} is (false, true).
 *   <li>When {@code beta} is 0, C is written without being read, so NaN or garbage in it does
 *       not propagate (as in BLAS). When {@code alpha} is 0 or {@code k} is 0, A and B are not
 *       read and C becomes {@code beta * C}.
 *   <li>C must not overlap A or B. They may live in one array at disjoint ranges.
 *   <li>Bad arguments (negative sizes, a leading dimension shorter than a row, a range past the
 *       end of its array, C overlapping an operand) throw before anything is written.
 * </ul>
 *
 * <p>Implementations are thread-safe: any scratch memory is per thread, allocated on a
 * thread's first call and reused, so calls allocate nothing after that. Concurrent calls
 * writing disjoint parts of one C (for example two halves of its rows) are fine.
 */
public interface GemmKernel {

    /** A short name for reports and benchmarks, such as {@code "vector"} or {@code "plain"}. */
    String name();

    /**
     * How many rows of C the kernel computes together (its micro-kernel's tile height), or 1
     * when it computes each row on its own. The promise that lets a product be split between
     * threads without changing a bit: rows {@code [r, r + h)} of C computed as a product of
     * their own, with r a multiple of this and h at least this, come out exactly as in the
     * whole product (same tiles, no small-size path the whole product would not take).
     */
    int tileRows();

    /**
     * Where the columns of C may be cut between threads: columns {@code [j, j + w)} of C
     * computed as a product of their own, with j a multiple of this, come out exactly as in the
     * whole product. The default, 128, is a multiple of every tile width a SIMD kernel is
     * likely to use (two 2048-bit vectors of floats); a kernel overrides it with its own.
     */
    default int tileColumns() {
        return 128;
    }

    /** Checks the arguments (throwing before anything is written), then computes. */
    default void sgemm(boolean transA, boolean transB, int m, int n, int k,
                       float alpha, float[] a, int aOff, int lda,
                       float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        GemmArguments.check(transA, transB, m, n, k,
                a, Objects.requireNonNull(a, "a").length, aOff, lda,
                b, Objects.requireNonNull(b, "b").length, bOff, ldb,
                c, Objects.requireNonNull(c, "c").length, cOff, ldc);
        computeSgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Checks the arguments (throwing before anything is written), then computes. */
    default void dgemm(boolean transA, boolean transB, int m, int n, int k,
                       double alpha, double[] a, int aOff, int lda,
                       double[] b, int bOff, int ldb,
                       double beta, double[] c, int cOff, int ldc) {
        GemmArguments.check(transA, transB, m, n, k,
                a, Objects.requireNonNull(a, "a").length, aOff, lda,
                b, Objects.requireNonNull(b, "b").length, bOff, ldb,
                c, Objects.requireNonNull(c, "c").length, cOff, ldc);
        computeDgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * {@code C = alpha op(A) op(B)}, exactly as {@link #sgemm} with beta 0 computes it, then
     * {@code W = W - scale * C} element by element, as {@link #subtractScaled} rounds it: a
     * plain SGD step fused into the product of its gradient. W is laid out like C (its element
     * {@code (i, j)} is {@code w[wOff + i * ldc + j]}) and overlaps none of A, B and C. Checks
     * the arguments (throwing before anything is written), then computes.
     */
    default void sgemmSubtract(boolean transA, boolean transB, int m, int n, int k,
                               float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc, float scale, float[] w, int wOff) {
        GemmArguments.check(transA, transB, m, n, k,
                a, Objects.requireNonNull(a, "a").length, aOff, lda,
                b, Objects.requireNonNull(b, "b").length, bOff, ldb,
                c, Objects.requireNonNull(c, "c").length, cOff, ldc);
        GemmArguments.checkTarget(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                w, Objects.requireNonNull(w, "w").length, wOff);
        computeSgemmSubtract(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                scale, w, wOff);
    }

    /** {@link #sgemmSubtract} in double precision. */
    default void dgemmSubtract(boolean transA, boolean transB, int m, int n, int k,
                               double alpha, double[] a, int aOff, int lda,
                               double[] b, int bOff, int ldb,
                               double[] c, int cOff, int ldc, double scale, double[] w, int wOff) {
        GemmArguments.check(transA, transB, m, n, k,
                a, Objects.requireNonNull(a, "a").length, aOff, lda,
                b, Objects.requireNonNull(b, "b").length, bOff, ldb,
                c, Objects.requireNonNull(c, "c").length, cOff, ldc);
        GemmArguments.checkTarget(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                w, Objects.requireNonNull(w, "w").length, wOff);
        computeDgemmSubtract(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                scale, w, wOff);
    }

    /** {@link #sgemmSubtract} on checked arguments: the product, then the subtraction. */
    default void computeSgemmSubtract(boolean transA, boolean transB, int m, int n, int k,
                                      float alpha, float[] a, int aOff, int lda,
                                      float[] b, int bOff, int ldb,
                                      float[] c, int cOff, int ldc, float scale, float[] w, int wOff) {
        computeSgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc);
        subtractScaled(m, n, scale, c, cOff, w, wOff, ldc);
    }

    /** {@link #dgemmSubtract} on checked arguments: the product, then the subtraction. */
    default void computeDgemmSubtract(boolean transA, boolean transB, int m, int n, int k,
                                      double alpha, double[] a, int aOff, int lda,
                                      double[] b, int bOff, int ldb,
                                      double[] c, int cOff, int ldc, double scale, double[] w, int wOff) {
        computeDgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, 0.0, c, cOff, ldc);
        subtractScaled(m, n, scale, c, cOff, w, wOff, ldc);
    }

    /**
     * {@code W = W - scale * C} over an {@code m x n} block, element by element and rounded as
     * written ({@code w - scale * c}: the product rounded first, never a fused multiply-add), so
     * any implementation gives the bits of the plain loop. C and W are row-major with
     * leading dimension {@code ld}. The second half of {@link Gemm#sgemmSubtract}; arguments are
     * checked by the caller.
     */
    default void subtractScaled(int m, int n, float scale, float[] c, int cOff, float[] w, int wOff, int ld) {
        RowLoops.plain(m, n, scale, c, cOff, w, wOff, ld);
    }

    /** {@link #subtractScaled(int, int, float, float[], int, float[], int, int)} in double precision. */
    default void subtractScaled(int m, int n, double scale, double[] c, int cOff, double[] w, int wOff, int ld) {
        RowLoops.plain(m, n, scale, c, cOff, w, wOff, ld);
    }

    /**
     * The sums of the columns of an {@code m x n} matrix: {@code out[outOff + j]} becomes
     * {@code a[aOff + j] + a[aOff + lda + j] + ...} over its m rows, added in row order starting
     * from +0 ({@code ((0 + a0) + a1) + ...}), as the plain loop adds them, so every
     * implementation gives the same bits. A bias's gradient: the sum of the batch's rows.
     * Arguments are checked by {@link Gemm#sumRows}.
     */
    default void sumRows(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
        RowLoops.sumRows(m, n, a, aOff, lda, out, outOff);
    }

    /** {@link #sumRows(int, int, float[], int, int, float[], int)} in double precision. */
    default void sumRows(int m, int n, double[] a, int aOff, int lda, double[] out, int outOff) {
        RowLoops.sumRows(m, n, a, aOff, lda, out, outOff);
    }

    /**
     * Rows {@code from} to {@code to} of {@code out = z + b}, b added to every row of the
     * {@code n}-column row-major z ({@code out[i*n + j] = z[i*n + j] + b[j]}), and with
     * {@code relu} then {@code Math.max(v, 0)}: a dense layer's bias and activation. Each
     * element rounded as that loop rounds it, so every implementation gives the same bits. out
     * may be z; it must not overlap b. Arguments are checked by {@link Gemm#biasAdd}.
     */
    default void biasAdd(boolean relu, int from, int to, int n, float[] z, float[] b, float[] out) {
        RowLoops.biasAdd(relu, from, to, n, z, b, out);
    }

    /** {@link #biasAdd(boolean, int, int, int, float[], float[], float[])} in double precision. */
    default void biasAdd(boolean relu, int from, int to, int n, double[] z, double[] b, double[] out) {
        RowLoops.biasAdd(relu, from, to, n, z, b, out);
    }

    /**
     * Elements {@code from} to {@code to} of relu's derivative applied to a gradient:
     * {@code out[i] = (h[i] > 0 ? 1 : 0) * g[i]}, a multiplication (so a NaN or infinite g
     * where h is not positive gives NaN, as the loop does), the same bits in every
     * implementation. out may be h or g. Arguments are checked by {@link Gemm#reluGrad}.
     */
    default void reluGrad(int from, int to, float[] h, float[] g, float[] out) {
        RowLoops.reluGrad(from, to, h, g, out);
    }

    /** {@link #reluGrad(int, int, float[], float[], float[])} in double precision. */
    default void reluGrad(int from, int to, double[] h, double[] g, double[] out) {
        RowLoops.reluGrad(from, to, h, g, out);
    }

    /** The product on arguments {@link #sgemm} has checked. */
    void computeSgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc);

    /** The product on arguments {@link #dgemm} has checked. */
    void computeDgemm(boolean transA, boolean transB, int m, int n, int k,
                      double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc);
}
