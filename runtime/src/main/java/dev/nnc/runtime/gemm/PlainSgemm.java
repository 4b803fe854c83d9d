package dev.nnc.runtime.gemm;

import java.util.Arrays;

/**
 * Single-precision GEMM in plain Java, shaped so that HotSpot's auto-vectoriser (C2's
 * SuperWord) really turns its inner loop into SIMD code. The arguments are checked by the
 * caller.
 *
 * <p>Why it looks the way it does. Measured on JDK 17 and 25: the textbook flat-array loop
 * {@code c[ci + j] += a * b[bk + j]} is NOT vectorised. C2 can only prove two array accesses
 * independent when they use the same index expression; with different invariant offsets
 * ({@code ci}, {@code bk}) into arrays that might be one and the same object, it must assume
 * a loop-carried dependence and stays scalar (about 6 GFLOP/s here). The same loop over
 * distinct arrays indexed by the bare {@code j} vectorises: if the arrays were the same object
 * the dependence would be within one iteration, which SIMD preserves. So:
 *
 * <ul>
 *   <li>B is packed, a panel at a time, into separate row arrays (one {@code float[]} per row
 *       of the panel), and each row of C is accumulated in a scratch row array; every inner
 *       loop then indexes all its arrays by {@code j} alone.
 *   <li>The inner loop does four steps of k at once ({@link #axpy4}): one store per four
 *       multiply-adds, about 40 GFLOP/s here against 30 for one step. It stays at one store
 *       and five loads on purpose: measured, C2 silently stops vectorising when the loop
 *       stores to two rows of C, or reads eight rows of B, and falls back to about 12.
 *   <li>Blocking: a panel of B is {@link #KC} x {@link #NC} floats (128 KB), reused from L2 for
 *       every row of C.
 * </ul>
 *
 * <p>Sums are plain {@code a * b + c}, not {@code Math.fma}: this is the fallback for
 * machines without the Vector API, and on hardware without FMA {@code Math.fma} is computed
 * in software, orders of magnitude slower.
 */
final class PlainSgemm {
    /** Rows of B in one packed panel (a block of the k dimension). */
    static final int KC = 128;
    /** Columns of B and C in one packed panel; the length of each scratch row. */
    static final int NC = 256;

    /** Per-thread scratch, allocated on a thread's first call and reused after. */
    private static final class Scratch {
        final float[][] panel = new float[KC][NC];
        final float[] row = new float[NC];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private PlainSgemm() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (alpha == 0f || k == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        Scratch s = SCRATCH.get();
        float[][] panel = s.panel;
        float[] row = s.row;
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
                    if (pc > 0 || beta == 1f) {
                        System.arraycopy(c, ci, row, 0, nc);
                    } else if (beta == 0f) {
                        Arrays.fill(row, 0, nc, 0f);
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
    private static void axpy4(float[] row, float a0, float a1, float a2, float a3,
                              float[] b0, float[] b1, float[] b2, float[] b3, int n) {
        for (int j = 0; j < n; j++) {
            row[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    private static void axpy1(float[] row, float a0, float[] b0, int n) {
        for (int j = 0; j < n; j++) {
            row[j] += a0 * b0[j];
        }
    }

    /** Copies op(B)(pc .. pc+kc, jc .. jc+nc) into the first kc row arrays of the panel. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb,
                              int pc, int kc, int jc, int nc, float[][] panel) {
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
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, ci, ci + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
    }
}
