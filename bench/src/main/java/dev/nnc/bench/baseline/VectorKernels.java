package dev.nnc.bench.baseline;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products over flat row-major arrays with the Vector API, register-blocked: each
 * micro-kernel keeps a 4-row by 4-vector tile of the result in sixteen accumulators and
 * streams one operand's row through them with FMAs, so the inner loop does one broadcast
 * or vector load per four FMAs instead of a load and a store per multiply-add.
 *
 * <p>Column tails narrower than a vector fall back to scalar loops rather than masked
 * vectors: masked loads are not intrinsified on every JDK 17 target and would then box
 * (allocate) per call. Only the 10-wide output layer takes that path.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorKernels() {
    }

    /** {@code c = bias + a · b} with a {@code [m×k]}, b {@code [k×n]}, c {@code [m×n]}; bias may be null. */
    static void matmul(float[] a, float[] b, float[] bias, float[] c, int m, int k, int n) {
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile4x4(a, i * k, k, 1, b, j, n, bias, c, i * n + j, n, k);
            }
            for (; i < m; i++) {
                for (int v = 0; v < 4; v++) {
                    row1x1(a, i * k, 1, b, j + v * L, n, bias, c, i * n + j + v * L, k);
                }
            }
        }
        for (; j + L <= n; j += L) {
            for (int i = 0; i < m; i++) {
                row1x1(a, i * k, 1, b, j, n, bias, c, i * n + j, k);
            }
        }
        for (; j < n; j++) {
            for (int i = 0; i < m; i++) {
                float s = bias == null ? 0f : bias[j];
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[i * k + p], b[p * n + j], s);
                }
                c[i * n + j] = s;
            }
        }
    }

    /**
     * {@code g = xᵀ · d}, the weight gradient of a dense layer: x {@code [m×k]}, d {@code [m×n]},
     * g {@code [k×n]}. The same tile kernel as {@link #matmul}, reading xᵀ by stepping
     * through x with stride k, so no transposed copy is needed.
     */
    static void matmulTransposedLeft(float[] x, float[] d, float[] g, int m, int k, int n) {
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            int p = 0;
            for (; p + 4 <= k; p += 4) {
                tile4x4(x, p, 1, k, d, j, n, null, g, p * n + j, n, m);
            }
            for (; p < k; p++) {
                for (int v = 0; v < 4; v++) {
                    row1x1(x, p, k, d, j + v * L, n, null, g, p * n + j + v * L, m);
                }
            }
        }
        for (; j + L <= n; j += L) {
            for (int p = 0; p < k; p++) {
                row1x1(x, p, k, d, j, n, null, g, p * n + j, m);
            }
        }
        for (; j < n; j++) {
            for (int p = 0; p < k; p++) {
                float s = 0f;
                for (int i = 0; i < m; i++) {
                    s = Math.fma(x[i * k + p], d[i * n + j], s);
                }
                g[p * n + j] = s;
            }
        }
    }

    /** {@code t = mᵀ} for a row-major {@code [rows×cols]} matrix m. */
    static void transpose(float[] m, float[] t, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[i * cols + j];
            }
        }
    }

    /**
     * A 4×4L tile of {@code c = bias + A · b} over a reduction of length {@code len}; b's tile
     * starts at column {@code bOff}, which is also where the tile's bias starts. Row r of
     * A, element p, is {@code a[aOff + r * aRow + p * aStep]}: (aRow = k, aStep = 1) reads a
     * row-major A, (aRow = 1, aStep = k) reads its transpose.
     */
    private static void tile4x4(float[] a, int aOff, int aRow, int aStep,
                                float[] b, int bOff, int ldb,
                                float[] bias, float[] c, int cOff, int ldc, int len) {
        FloatVector c00;
        FloatVector c01;
        FloatVector c02;
        FloatVector c03;
        if (bias == null) {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c02 = c00;
            c03 = c00;
        } else {
            c00 = FloatVector.fromArray(S, bias, bOff);
            c01 = FloatVector.fromArray(S, bias, bOff + L);
            c02 = FloatVector.fromArray(S, bias, bOff + 2 * L);
            c03 = FloatVector.fromArray(S, bias, bOff + 3 * L);
        }
        FloatVector c10 = c00;
        FloatVector c11 = c01;
        FloatVector c12 = c02;
        FloatVector c13 = c03;
        FloatVector c20 = c00;
        FloatVector c21 = c01;
        FloatVector c22 = c02;
        FloatVector c23 = c03;
        FloatVector c30 = c00;
        FloatVector c31 = c01;
        FloatVector c32 = c02;
        FloatVector c33 = c03;
        int a0 = aOff;
        int a1 = aOff + aRow;
        int a2 = aOff + 2 * aRow;
        int a3 = aOff + 3 * aRow;
        int bp = bOff;
        for (int p = 0; p < len; p++, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            int ap = p * aStep;
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c02.intoArray(c, cOff + 2 * L);
        c03.intoArray(c, cOff + 3 * L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c12.intoArray(c, cOff + ldc + 2 * L);
        c13.intoArray(c, cOff + ldc + 3 * L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c22.intoArray(c, cOff + 2 * ldc + 2 * L);
        c23.intoArray(c, cOff + 2 * ldc + 3 * L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c32.intoArray(c, cOff + 3 * ldc + 2 * L);
        c33.intoArray(c, cOff + 3 * ldc + 3 * L);
    }

    /** One vector of one row of {@code c = bias + A · b}, for the edges the tile does not cover. */
    private static void row1x1(float[] a, int aOff, int aStep, float[] b, int bOff, int ldb,
                               float[] bias, float[] c, int cOff, int len) {
        FloatVector acc = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, bOff);
        for (int p = 0; p < len; p++) {
            acc = FloatVector.broadcast(S, a[aOff + p * aStep]).fma(FloatVector.fromArray(S, b, bOff + p * ldb), acc);
        }
        acc.intoArray(c, cOff);
    }
}
