package dev.nnc.runtime.gemm;

/**
 * Checks a GEMM call's sizes, leading dimensions and array ranges before any work, so a bad
 * call fails with a message naming the operand instead of an ArrayIndexOutOfBoundsException
 * from deep inside a kernel, or a silently wrong C when C overlaps an operand. The checks are
 * a handful of comparisons per call, nothing next to the product itself.
 */
final class GemmArguments {
    private GemmArguments() {}

    static void check(boolean transA, boolean transB, int m, int n, int k,
                      Object a, int aLength, int aOff, int lda,
                      Object b, int bLength, int bOff, int ldb,
                      Object c, int cLength, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(
                    "gemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        // Stored shapes: op(A) is m x k, so A itself is k x m when transposed.
        long aEnd = end("A", transA ? k : m, transA ? m : k, aLength, aOff, lda);
        long bEnd = end("B", transB ? n : k, transB ? k : n, bLength, bOff, ldb);
        long cEnd = end("C", m, n, cLength, cOff, ldc);
        if (c == a && overlaps(cOff, cEnd, aOff, aEnd)) {
            throw new IllegalArgumentException("gemm: C [" + cOff + ", " + cEnd
                    + ") overlaps A [" + aOff + ", " + aEnd + ") in the same array");
        }
        if (c == b && overlaps(cOff, cEnd, bOff, bEnd)) {
            throw new IllegalArgumentException("gemm: C [" + cOff + ", " + cEnd
                    + ") overlaps B [" + bOff + ", " + bEnd + ") in the same array");
        }
    }

    /** One past the last element a rows x cols matrix at off with leading dimension ld touches. */
    private static long end(String name, int rows, int cols, int length, int off, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("gemm: leading dimension of " + name + " is " + ld
                    + ", less than its row length " + cols);
        }
        if (off < 0 || off > length) {
            throw new IndexOutOfBoundsException("gemm: offset " + off + " of " + name
                    + " is outside its array of length " + length);
        }
        if (rows == 0 || cols == 0) {
            return off;
        }
        long end = off + (long) (rows - 1) * ld + cols;
        if (end > length) {
            throw new IndexOutOfBoundsException("gemm: " + name + " (" + rows + " x " + cols
                    + ", offset " + off + ", leading dimension " + ld + ") ends at " + end
                    + ", past its array of length " + length);
        }
        return end;
    }

    private static boolean overlaps(long start1, long end1, long start2, long end2) {
        return start1 < end2 && start2 < end1;
    }
}
