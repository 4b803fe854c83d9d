package dev.nnc.runtime.gemm;

import dev.nnc.runtime.Rng;
import java.util.Arrays;

/**
 * One GEMM call's operands, laid out with offsets and leading dimensions wider than the rows,
 * with every element outside the three matrices set to a sentinel, and the naive triple-loop
 * answer in double precision to compare against.
 */
final class Problem {
    static final float SENTINEL = -12345.5f;

    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final int aOff;
    final int lda;
    final int bOff;
    final int ldb;
    final int cOff;
    final int ldc;
    final double[] a;
    final double[] b;
    final double[] c;

    /** Operands of op(A) m x k, op(B) k x n, C m x n, uniform in [-1, 1) from the seed. */
    Problem(boolean transA, boolean transB, int m, int n, int k, long seed) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        Rng rng = new Rng(seed);
        // Stored shapes, each row padded by 3 and the matrix shifted by an offset.
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        aOff = 5;
        lda = aCols + 3;
        bOff = 2;
        ldb = bCols + 3;
        cOff = 7;
        ldc = n + 3;
        a = filled(rng, aOff, aRows, aCols, lda);
        b = filled(rng, bOff, bRows, bCols, ldb);
        c = filled(rng, cOff, m, n, ldc);
    }

    private static double[] filled(Rng rng, int off, int rows, int cols, int ld) {
        double[] x = new double[off + rows * ld + 4];
        Arrays.fill(x, SENTINEL);
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < cols; s++) {
                x[off + r * ld + s] = (float) (2 * rng.nextDouble() - 1);
            }
        }
        return x;
    }

    double opA(int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    double opB(int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    boolean insideC(int index) {
        int rel = index - cOff;
        return rel >= 0 && rel / ldc < m && rel % ldc < n;
    }

    /**
     * The exact-enough answer alpha op(A) op(B) + beta C (in double, from the same float
     * inputs), and in {@code bound} the matching sum of magnitudes that an error bound
     * scales with.
     */
    double[] expected(double alpha, double beta, double[] bound) {
        double[] e = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double t = opA(i, p) * opB(p, j);
                    sum += t;
                    abs += Math.abs(t);
                }
                int ci = cOff + i * ldc + j;
                double old = beta == 0 ? 0 : beta * c[ci];
                e[ci] = alpha * sum + old;
                bound[ci] = Math.abs(alpha) * abs + Math.abs(old);
            }
        }
        return e;
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    @Override
    public String toString() {
        return (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k;
    }
}
