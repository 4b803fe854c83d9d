package dev.nnc.runtime.gemm;

import java.util.Arrays;

/**
 * Double-precision GEMM in plain Java: {@link PlainSgemm} line for line with doubles. See
 * there for why the loops look this way (what C2's auto-vectoriser needs). A panel of B is
 * {@link #KC} x {@link #NC} doubles (256 KB). The arguments are checked by the caller.
 */
final class PlainDgemm {
    /** Rows of B in one packed panel (a block of the k dimension). */
    static final int KC = 128;
    /** Columns of B and C in one packed panel; the length of each scratch row. */
    static final int NC = 256;

    /** Per-thread scratch, allocated on a thread's first call and reused after. */
    private static final class Scratch {
        final double[][] panel = new double[KC][NC];
        final double[] row = new double[NC];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private PlainDgemm() {}

    static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                      double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (alpha == 0d || k == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        Scratch s = SCRATCH.get();
        double[][] panel = s.panel;
        double[] row = s.row;
        // op(A)(i, p) is a[aOff + i * aRow + p * aCol].
        int aRow = transA ? 1 : lda;
        int aCol = transA ? lda : 1;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, panel);
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + jc;
                    if (pc > 0 || beta == 1d) {
                        System.arraycopy(c, ci, row, 0, nc);
                    } else if (beta == 0d) {
                        Arrays.fill(row, 0, nc, 0d);
                    } else {
                        for (int j = 0; j < nc; j++) {
                            row[j] = beta * c[ci + j];
                        }
                    }
                    int ai = aOff + i * aRow + pc * aCol;
                    int p = 0;
                    for (; p + 3 < kc; p += 4, ai += 4 * aCol) {
                        axpy4(row, alpha * a[ai], alpha * a[ai + aCol],
                                alpha * a[ai + 2 * aCol], alpha * a[ai + 3 * aCol],
                                panel[p], panel[p + 1], panel[p + 2], panel[p + 3], nc);
                    }
                    for (; p < kc; p++, ai += aCol) {
                        axpy1(row, alpha * a[ai], panel[p], nc);
                    }
                    System.arraycopy(row, 0, c, ci, nc);
                }
            }
        }
    }

    /** row += a0 b0 + a1 b1 + a2 b2 + a3 b3 over [0, n): one store, five loads, all at index j. */
    private static void axpy4(double[] row, double a0, double a1, double a2, double a3,
                              double[] b0, double[] b1, double[] b2, double[] b3, int n) {
        for (int j = 0; j < n; j++) {
            row[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    private static void axpy1(double[] row, double a0, double[] b0, int n) {
        for (int j = 0; j < n; j++) {
            row[j] += a0 * b0[j];
        }
    }

    /** Copies op(B)(pc .. pc+kc, jc .. jc+nc) into the first kc row arrays of the panel. */
    private static void packB(boolean transB, double[] b, int bOff, int ldb,
                              int pc, int kc, int jc, int nc, double[][] panel) {
        if (!transB) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bOff + (pc + p) * ldb + jc, panel[p], 0, nc);
            }
        } else {
            // op(B)(p, j) = B(j, p): read each stored row contiguously, scatter down a column.
            for (int j = 0; j < nc; j++) {
                int src = bOff + (jc + j) * ldb + pc;
                for (int p = 0; p < kc; p++) {
                    panel[p][j] = b[src + p];
                }
            }
        }
    }

    /** C = beta C, for alpha = 0 or k = 0; beta = 0 overwrites whatever C held, NaN included. */
    static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        if (beta == 1d) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0d) {
                Arrays.fill(c, ci, ci + n, 0d);
            } else {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
    }
}
