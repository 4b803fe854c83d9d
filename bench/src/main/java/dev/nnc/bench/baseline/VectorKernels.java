package dev.nnc.bench.baseline;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products over flat row-major arrays with the Vector API, register-blocked: each
 * micro-kernel keeps a 4-row by 4-vector tile of the result in sixteen accumulators and
 * streams one operand's row through them with FMAs, so the inner loop does one broadcast
 * or vector load per four FMAs instead of a load and a store per multiply-add.
 *
 * <p>A result narrower than the tile (the 10-wide output layer) would leave every column to
 * a scalar tail, which measured at 2 GFLOP/s against 130 for the tiles; {@link #isNarrow}
 * tells the caller to use the dot-product form {@link #matmulTransposedRight} instead, or
 * to compute the transposed result. Remaining column tails are scalar rather than masked
 * vectors: masked loads are not intrinsified on every JDK 17 target and would then box
 * (allocate) per call.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int TRANSPOSE_BLOCK = 32;

    private VectorKernels() {
    }

    /** Whether an n-column result is too narrow for even one tile of {@link #matmul}. */
    static boolean isNarrow(int n) {
        return n < 4 * L;
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

    /**
     * {@code c = bias + a · btᵀ} with a {@code [m×k]}, bt {@code [n×k]} (b stored transposed),
     * c {@code [m×n]}: each element is a dot product of two contiguous rows, so this suits a
     * result too narrow for tiles. Each pass over a row of a feeds four rows of bt.
     */
    static void matmulTransposedRight(float[] a, float[] bt, float[] bias, float[] c, int m, int k, int n) {
        int vk = k - k % L;
        for (int i = 0; i < m; i++) {
            int ai = i * k;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = j * k;
                int b1 = b0 + k;
                int b2 = b1 + k;
                int b3 = b2 + k;
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = s0;
                FloatVector s2 = s0;
                FloatVector s3 = s0;
                for (int p = 0; p < vk; p += L) {
                    FloatVector x = FloatVector.fromArray(S, a, ai + p);
                    s0 = x.fma(FloatVector.fromArray(S, bt, b0 + p), s0);
                    s1 = x.fma(FloatVector.fromArray(S, bt, b1 + p), s1);
                    s2 = x.fma(FloatVector.fromArray(S, bt, b2 + p), s2);
                    s3 = x.fma(FloatVector.fromArray(S, bt, b3 + p), s3);
                }
                float d0 = s0.reduceLanes(VectorOperators.ADD);
                float d1 = s1.reduceLanes(VectorOperators.ADD);
                float d2 = s2.reduceLanes(VectorOperators.ADD);
                float d3 = s3.reduceLanes(VectorOperators.ADD);
                for (int p = vk; p < k; p++) {
                    float x = a[ai + p];
                    d0 = Math.fma(x, bt[b0 + p], d0);
                    d1 = Math.fma(x, bt[b1 + p], d1);
                    d2 = Math.fma(x, bt[b2 + p], d2);
                    d3 = Math.fma(x, bt[b3 + p], d3);
                }
                int ci = i * n + j;
                c[ci] = d0 + (bias == null ? 0f : bias[j]);
                c[ci + 1] = d1 + (bias == null ? 0f : bias[j + 1]);
                c[ci + 2] = d2 + (bias == null ? 0f : bias[j + 2]);
                c[ci + 3] = d3 + (bias == null ? 0f : bias[j + 3]);
            }
            for (; j < n; j++) {
                int bj = j * k;
                FloatVector s0 = FloatVector.zero(S);
                for (int p = 0; p < vk; p += L) {
                    s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, bt, bj + p), s0);
                }
                float d = s0.reduceLanes(VectorOperators.ADD);
                for (int p = vk; p < k; p++) {
                    d = Math.fma(a[ai + p], bt[bj + p], d);
                }
                c[i * n + j] = d + (bias == null ? 0f : bias[j]);
            }
        }
    }

    /**
     * {@code t = mᵀ} for a row-major {@code [rows×cols]} matrix m, in 32×32 blocks: the naive
     * double loop writes t with a stride of a whole row, and at 256×128 those writes fight
     * over the same cache sets; blocking measured 4 to 10 times faster.
     */
    static void transpose(float[] m, float[] t, int rows, int cols) {
        for (int i0 = 0; i0 < rows; i0 += TRANSPOSE_BLOCK) {
            int iEnd = Math.min(i0 + TRANSPOSE_BLOCK, rows);
            for (int j0 = 0; j0 < cols; j0 += TRANSPOSE_BLOCK) {
                int jEnd = Math.min(j0 + TRANSPOSE_BLOCK, cols);
                for (int i = i0; i < iEnd; i++) {
                    for (int j = j0; j < jEnd; j++) {
                        t[j * rows + i] = m[i * cols + j];
                    }
                }
            }
        }
    }

    /** {@code sums[j] = Σ_i d[i][j]} for a row-major {@code [m×n]} d: a bias gradient. */
    static void columnSums(float[] d, float[] sums, int m, int n) {
        int vn = S.loopBound(n);
        for (int j = 0; j < vn; j += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < m; i++) {
                acc = acc.add(FloatVector.fromArray(S, d, i * n + j));
            }
            acc.intoArray(sums, j);
        }
        for (int j = vn; j < n; j++) {
            float acc = 0f;
            for (int i = 0; i < m; i++) {
                acc += d[i * n + j];
            }
            sums[j] = acc;
        }
    }

    /**
     * {@code d = a > 0 ? d : 0}: relu's derivative, given relu's output a (positive exactly
     * where its input was). C2 does not vectorise the conditional in a plain loop.
     */
    static void reluBackward(float[] d, float[] a) {
        int bound = S.loopBound(d.length);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector dead = FloatVector.fromArray(S, a, j);
            FloatVector.fromArray(S, d, j).blend(0f, dead.compare(VectorOperators.LE, 0f)).intoArray(d, j);
        }
        for (; j < d.length; j++) {
            d[j] = a[j] > 0f ? d[j] : 0f;
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
