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

    /**
     * Checks the W of {@link GemmKernel#sgemmSubtract}, laid out like C: it fits its array and
     * overlaps none of A, B and C (C's own sizes were checked by {@link #check}).
     */
    static void checkTarget(boolean transA, boolean transB, int m, int n, int k,
                            Object a, int aOff, int lda, Object b, int bOff, int ldb,
                            Object c, int cOff, int ldc, Object w, int wLength, int wOff) {
        long wEnd = end("W", m, n, wLength, wOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        long cEnd = cOff + (long) (m - 1) * ldc + n;
        if (w == c && overlaps(wOff, wEnd, cOff, cEnd)) {
            throw new IllegalArgumentException("gemm: W [" + wOff + ", " + wEnd
                    + ") overlaps C [" + cOff + ", " + cEnd + ") in the same array");
        }
        if (k == 0) {
            return;
        }
        long aEnd = aOff + (long) ((transA ? k : m) - 1) * lda + (transA ? m : k);
        long bEnd = bOff + (long) ((transB ? n : k) - 1) * ldb + (transB ? k : n);
        if (w == a && overlaps(wOff, wEnd, aOff, aEnd)) {
            throw new IllegalArgumentException("gemm: W [" + wOff + ", " + wEnd
                    + ") overlaps A [" + aOff + ", " + aEnd + ") in the same array");
        }
        if (w == b && overlaps(wOff, wEnd, bOff, bEnd)) {
            throw new IllegalArgumentException("gemm: W [" + wOff + ", " + wEnd
                    + ") overlaps B [" + bOff + ", " + bEnd + ") in the same array");
        }
    }

    /** Checks the arguments of {@link Gemm#sumRows}: A and out fit their arrays and do not overlap. */
    static void checkSumRows(int m, int n, Object a, int aLength, int aOff, int lda,
                             Object out, int outLength, int outOff) {
        if (m < 0 || n < 0) {
            throw new IllegalArgumentException("sumRows: negative size m=" + m + " n=" + n);
        }
        long aEnd = end("A", m, n, aLength, aOff, lda);
        long outEnd = end("out", 1, n, outLength, outOff, Math.max(1, n));
        if (a == out && n > 0 && m > 0 && overlaps(outOff, outEnd, aOff, aEnd)) {
            throw new IllegalArgumentException("sumRows: out [" + outOff + ", " + outEnd
                    + ") overlaps A [" + aOff + ", " + aEnd + ") in the same array");
        }
    }

    /** Checks {@link Gemm#biasAdd}'s arguments; the number of elements it computes. */
    static long checkBiasAdd(int from, int to, int n, int zLength, int bLength, int outLength) {
        if (from < 0 || to < from || n < 0) {
            throw new IllegalArgumentException("biasAdd: rows " + from + " to " + to + " of " + n + " columns");
        }
        long end = (long) to * n;
        if (end > zLength || end > outLength || n > bLength) {
            throw new IllegalArgumentException("biasAdd: rows " + from + " to " + to + " of " + n + " columns need "
                    + end + " elements of z (has " + zLength + ") and out (has " + outLength + "), " + n
                    + " of b (has " + bLength + ")");
        }
        return (long) (to - from) * n;
    }

    /** Checks {@link Gemm#reluGrad}'s arguments; the number of elements it computes. */
    static int checkReluGrad(int from, int to, int hLength, int gLength, int outLength) {
        if (from < 0 || to < from || to > Math.min(hLength, Math.min(gLength, outLength))) {
            throw new IllegalArgumentException("reluGrad: elements " + from + " to " + to + " of arrays of "
                    + hLength + " (h), " + gLength + " (g) and " + outLength + " (out)");
        }
        return to - from;
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
