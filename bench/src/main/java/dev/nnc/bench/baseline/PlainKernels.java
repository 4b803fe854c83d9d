package dev.nnc.bench.baseline;

import java.util.Arrays;

/**
 * Matrix products over per-row arrays ({@code float[rows][cols]}) written as plain loops
 * that HotSpot's C2 auto-vectorises.
 *
 * <p>Why per-row arrays: the inner loop {@code c[j] += a * b[j]} runs over two distinct
 * arrays at the same index, which C2 (17) vectorises; the flat-array form
 * {@code c[ci + j] += a * b[bk + j]} over one array does not vectorise, because C2 cannot
 * rule out that the two ranges overlap, and runs about five times slower.
 *
 * <p>Each kernel updates four output rows per pass so that one load of a weight row
 * feeds four multiply-adds; Java's {@code a * b + c} is not fused, which is why these
 * results differ from the Vector API ones in the last bits.
 */
final class PlainKernels {
    private static final int TRANSPOSE_BLOCK = 32;
    private PlainKernels() {
    }

    /** {@code y[i] = bias + x[i] · w} for each row i; w is {@code [in][out]}, bias may be null. */
    static void matmul(float[][] x, float[][] w, float[] bias, float[][] y, int rows, int in, int out) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            float[] x0 = x[i];
            float[] x1 = x[i + 1];
            float[] x2 = x[i + 2];
            float[] x3 = x[i + 3];
            float[] y0 = start(y[i], bias, out);
            float[] y1 = start(y[i + 1], bias, out);
            float[] y2 = start(y[i + 2], bias, out);
            float[] y3 = start(y[i + 3], bias, out);
            for (int k = 0; k < in; k++) {
                float a0 = x0[k];
                float a1 = x1[k];
                float a2 = x2[k];
                float a3 = x3[k];
                float[] wk = w[k];
                for (int j = 0; j < out; j++) {
                    float b = wk[j];
                    y0[j] += a0 * b;
                    y1[j] += a1 * b;
                    y2[j] += a2 * b;
                    y3[j] += a3 * b;
                }
            }
        }
        for (; i < rows; i++) {
            float[] xi = x[i];
            float[] yi = start(y[i], bias, out);
            for (int k = 0; k < in; k++) {
                float a = xi[k];
                float[] wk = w[k];
                for (int j = 0; j < out; j++) {
                    yi[j] += a * wk[j];
                }
            }
        }
    }

    /**
     * {@code g = xᵀ · d}: the weight gradient of a dense layer, {@code g[k] = Σ_i x[i][k] d[i]},
     * with x {@code [rows][in]}, d {@code [rows][out]} and g {@code [in][out]}.
     */
    static void matmulTransposedLeft(float[][] x, float[][] d, float[][] g, int rows, int in, int out) {
        int k = 0;
        for (; k + 4 <= in; k += 4) {
            float[] g0 = start(g[k], null, out);
            float[] g1 = start(g[k + 1], null, out);
            float[] g2 = start(g[k + 2], null, out);
            float[] g3 = start(g[k + 3], null, out);
            for (int i = 0; i < rows; i++) {
                float[] xi = x[i];
                float a0 = xi[k];
                float a1 = xi[k + 1];
                float a2 = xi[k + 2];
                float a3 = xi[k + 3];
                float[] di = d[i];
                for (int j = 0; j < out; j++) {
                    float b = di[j];
                    g0[j] += a0 * b;
                    g1[j] += a1 * b;
                    g2[j] += a2 * b;
                    g3[j] += a3 * b;
                }
            }
        }
        for (; k < in; k++) {
            float[] gk = start(g[k], null, out);
            for (int i = 0; i < rows; i++) {
                float a = x[i][k];
                float[] di = d[i];
                for (int j = 0; j < out; j++) {
                    gk[j] += a * di[j];
                }
            }
        }
    }

    /**
     * {@code t[j][i] = m[i][j]} for an {@code [rows][cols]} matrix m, in 32×32 blocks: the
     * naive double loop writes each of t's rows once per row of m, and at 256×128 those
     * strided writes fight over the same cache sets; blocking measured 4 to 10 times faster.
     */
    static void transpose(float[][] m, float[][] t, int rows, int cols) {
        for (int i0 = 0; i0 < rows; i0 += TRANSPOSE_BLOCK) {
            int iEnd = Math.min(i0 + TRANSPOSE_BLOCK, rows);
            for (int j0 = 0; j0 < cols; j0 += TRANSPOSE_BLOCK) {
                int jEnd = Math.min(j0 + TRANSPOSE_BLOCK, cols);
                for (int i = i0; i < iEnd; i++) {
                    float[] mi = m[i];
                    for (int j = j0; j < jEnd; j++) {
                        t[j][i] = mi[j];
                    }
                }
            }
        }
    }

    private static float[] start(float[] row, float[] bias, int n) {
        if (bias == null) {
            Arrays.fill(row, 0, n, 0f);
        } else {
            System.arraycopy(bias, 0, row, 0, n);
        }
        return row;
    }
}
