package dev.nnc.runtime.gemm;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM on the Vector API, organised like BLIS/GotoBLAS: op(A) and op(B) are
 * packed, a cache block at a time, into contiguous panels (transposes are undone while
 * packing, and alpha is folded into A), and a register-blocked micro-kernel computes a
 * {@code rows x NR} tile of C from one panel of each, with {@code NR} two vectors wide.
 * The arguments are checked by the caller.
 *
 * <p>Measured on one core of an AVX-512 machine (JDK 17, 1024 x 1024 x 1024): 150-190
 * GFLOP/s with 8 x 32 tiles, about the same or up to 10% less with 6-row tiles. With
 * 256-bit vectors and 16 registers ({@code -XX:UseAVX=2}) the 8-row tile spills (about 57)
 * and 6 rows is best (about 95), so the row count is a constructor argument chosen by
 * {@link VectorGemm}.
 *
 * <p>Loop order (outer to inner): columns of C in blocks of {@link #NC}, k in blocks of
 * {@link #KC} (pack that block of B, about 1 MB), rows of C in blocks of {@code 16 * rows}
 * (pack that block of A, 96-128 KB, for L2), then the tiles: one packed panel of B (32 KB)
 * stays in L1 while the micro-kernel walks down the packed panels of A.
 *
 * <p>Edge tiles are computed in full from zero-padded panels in a scratch tile, and only the
 * part inside C is copied in and out, so the micro-kernel itself has no masks or bounds, and
 * an element of C gets the same bits whether it sits in an edge tile or not (so splitting
 * the rows of C between threads changes nothing). Scratch panels are per thread and
 * allocated once. Once C2 has compiled the kernel its vectors live in registers, so a call
 * allocates nothing.
 */
final class VectorSgemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns per tile: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block (the k dimension). */
    static final int KC = 256;
    /** Columns of B in one packed block. NR divides it: both are powers of two. */
    static final int NC = Math.max(1024, NR);

    /**
     * Below this many rows of C, {@link #fewRows} skips packing: a batch of one (a row vector
     * times a matrix) ran at 8 GFLOP/s through 8-row tiles, 7 of them padding, and packing
     * B cost as much as the product.
     */
    static final int FEW_ROWS = 4;

    /** The widest product (columns of C in one call) whose A is read in place; see {@link #readsADirectly}. */
    static final int DIRECT_A_MAX_N = 512;

    private final int rows;
    private final boolean readAInPlace;
    private final int mc;
    private final ThreadLocal<Scratch> scratch;

    private final class Scratch {
        final float[] a = new float[mc * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[rows * NR];
    }

    /** rows is the micro-kernel's tile height, 6 or 8. */
    VectorSgemm(int rows) {
        this(rows, true);
    }

    /** readAInPlace false packs A always (see {@link #readsADirectly}); for tests. */
    VectorSgemm(int rows, boolean readAInPlace) {
        this.readAInPlace = readAInPlace;
        if (rows != 6 && rows != 8) {
            throw new IllegalArgumentException("tile rows must be 6 or 8, not " + rows);
        }
        this.rows = rows;
        this.mc = 16 * rows;
        this.scratch = ThreadLocal.withInitial(Scratch::new);
    }

    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (alpha == 0f || k == 0) {
            PlainSgemm.scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (beta != 0f && beta != 1f) {
            // Rare in training; scaling C first keeps the micro-kernel to two cases.
            PlainSgemm.scale(m, n, beta, c, cOff, ldc);
            beta = 1f;
        }
        if (m < FEW_ROWS && !transB) {
            fewRows(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta == 1f, c, cOff, ldc);
            return;
        }
        Scratch s = scratch.get();
        boolean direct = readAInPlace && readsADirectly(alpha, n, lda);
        // Where element (r, p) of a tile's rows of A is: at ai + r * rs + p * ps.
        int rs = direct ? (transA ? 1 : lda) : 1;
        int ps = direct ? (transA ? lda : 1) : rows;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                // The first block of k overwrites C when beta is 0 (never reading it, so NaN
                // there cannot leak through); every other block adds to it.
                boolean add = pc > 0 || beta == 1f;
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, s.b);
                for (int ic = 0; ic < m; ic += mc) {
                    int mcc = Math.min(mc, m - ic);
                    int full = mcc - mcc % rows;
                    if (!direct) {
                        packA(transA, alpha, a, aOff, lda, ic, mcc, pc, kc, s.a);
                    } else if (full < mcc) {
                        // The last, partial panel is packed (zero-padded) even so.
                        packA(transA, alpha, a, aOff, lda, ic + full, mcc - full, pc, kc, s.a);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int w = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mcc; ir += rows) {
                            int h = Math.min(rows, mcc - ir);
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            float[] pa = s.a;
                            int ai = ir * kc;
                            int rowStep = 1;
                            int pStep = rows;
                            if (direct) {
                                if (h == rows) {
                                    pa = a;
                                    ai = transA ? aOff + pc * lda + ic + ir : aOff + (ic + ir) * lda + pc;
                                    rowStep = rs;
                                    pStep = ps;
                                } else {
                                    ai = 0;
                                }
                            }
                            if (h == rows && w == NR) {
                                tile(kc, pa, ai, rowStep, pStep, s.b, jr * kc, c, ci, ldc, add);
                            } else {
                                if (add) {
                                    copy(c, ci, ldc, s.tile, 0, NR, h, w);
                                }
                                tile(kc, pa, ai, rowStep, pStep, s.b, jr * kc, s.tile, 0, NR, add);
                                copy(s.tile, 0, NR, c, ci, ldc, h, w);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether the micro-kernel reads A where it is instead of from packed panels. Packing A
     * costs about as much per element as a tile's arithmetic on 32 columns of B, so for a
     * narrow C (the MLP's layers, or a thread's block of columns) it was a large share of the
     * product: 128 x 784 of the MLP's input took about 40 microseconds to pack, for a product
     * of about 300. Read in place, a full tile's rows of A are {@code rows} streams (or, for a
     * transposed A, one contiguous run per step of k), which the caches and prefetchers
     * follow. Not when alpha must be folded in, nor for wide products, where packing is
     * cheap by comparison, nor when the rows lie a multiple of 4 KB apart, where the streams
     * would compete for the same cache sets. The arithmetic is the same either way, so the
     * bits of C are too.
     */
    static boolean readsADirectly(float alpha, int n, int lda) {
        return alpha == 1f && n <= DIRECT_A_MAX_N && lda % 1024 != 0;
    }

    /** One tile; element (r, p) of its rows of A is at {@code ai + r * rs + p * ps}. */
    private void tile(int kc, float[] pa, int ai, int rs, int ps, float[] pb, int bi,
                      float[] c, int ci, int ldc, boolean add) {
        if (rows == 8) {
            kernel8(kc, pa, ai, rs, ps, pb, bi, c, ci, ldc, add);
        } else {
            kernel6(kc, pa, ai, rs, ps, pb, bi, c, ci, ldc, add);
        }
    }

    /**
     * One 8 x NR tile: C = A-panel * B-panel, plus C itself when {@code add}. Sixteen
     * accumulators, two B vectors and a broadcast: 19 of AVX-512's 32 registers.
     *
     * <p>Written out by hand, with no helper methods: C2 keeps vectors in registers only while
     * they stay inside one compiled method. An array of vectors lives in memory, and a vector
     * passed to a call C2 declines to inline (it gives up inlining past a node budget, which
     * a store helper called sixteen times exceeded) is boxed: measured, hundreds of KB
     * allocated per call. So C is loaded into the accumulators before the loop, and stored
     * from them after it.
     */
    private static void kernel8(int kc, float[] pa, int ai, int rs, int ps, float[] pb, int bi,
                                float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        if (add) {
            c00 = FloatVector.fromArray(S, c, ci);
            c01 = FloatVector.fromArray(S, c, ci + L);
            c10 = FloatVector.fromArray(S, c, ci + ldc);
            c11 = FloatVector.fromArray(S, c, ci + ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
            c60 = FloatVector.fromArray(S, c, ci + 6 * ldc);
            c61 = FloatVector.fromArray(S, c, ci + 6 * ldc + L);
            c70 = FloatVector.fromArray(S, c, ci + 7 * ldc);
            c71 = FloatVector.fromArray(S, c, ci + 7 * ldc + L);
        }
        int a1 = ai + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        int a4 = a3 + rs;
        int a5 = a4 + rs;
        int a6 = a5 + rs;
        int a7 = a6 + rs;
        for (int p = 0, o = 0; p < kc; p++, o += ps, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector x = FloatVector.broadcast(S, pa[ai + o]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, pa[a1 + o]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, pa[a2 + o]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, pa[a3 + o]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, pa[a4 + o]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, pa[a5 + o]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, pa[a6 + o]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, pa[a7 + o]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + L);
    }

    /** One 6 x NR tile, as {@link #kernel8}: 15 registers, for 16-register ISAs (AVX2). */
    private static void kernel6(int kc, float[] pa, int ai, int rs, int ps, float[] pb, int bi,
                                float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        if (add) {
            c00 = FloatVector.fromArray(S, c, ci);
            c01 = FloatVector.fromArray(S, c, ci + L);
            c10 = FloatVector.fromArray(S, c, ci + ldc);
            c11 = FloatVector.fromArray(S, c, ci + ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
        }
        int a1 = ai + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        int a4 = a3 + rs;
        int a5 = a4 + rs;
        for (int p = 0, o = 0; p < kc; p++, o += ps, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector x = FloatVector.broadcast(S, pa[ai + o]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, pa[a1 + o]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, pa[a2 + o]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, pa[a3 + o]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, pa[a4 + o]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, pa[a5 + o]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
    }

    /**
     * C for fewer rows than {@link #FEW_ROWS}, with B not transposed: no packing, B's rows are
     * read in place. Each element gets exactly a tile's arithmetic (blocks of KC, alpha folded
     * into A, the same fused multiply-adds in the same order), so a row's result does not
     * depend on which path computed it, nor on how the rows of C were split between calls.
     */
    private static void fewRows(boolean transA, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                boolean addToC, float[] c, int cOff, int ldc) {
        int aRow = transA ? 1 : lda;
        int aCol = transA ? lda : 1;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean add = pc > 0 || addToC;
                int ai = aOff + i * aRow + pc * aCol;
                int bi = bOff + pc * ldb;
                int j = 0;
                for (; j + 4 * L <= n; j += 4 * L) {
                    rowChunk4(kc, alpha, a, ai, aCol, b, bi + j, ldb, c, ci + j, add);
                }
                for (; j + L <= n; j += L) {
                    rowChunk1(kc, alpha, a, ai, aCol, b, bi + j, ldb, c, ci + j, add);
                }
                for (; j < n; j++) {
                    float sum = add ? c[ci + j] : 0f;
                    for (int p = 0, ap = ai, bp = bi + j; p < kc; p++, ap += aCol, bp += ldb) {
                        sum = Math.fma(alpha * a[ap], b[bp], sum);
                    }
                    c[ci + j] = sum;
                }
            }
        }
    }

    /** Four vectors of one row of C over one block of k: four independent FMA chains. */
    private static void rowChunk4(int kc, float alpha, float[] a, int ai, int aCol,
                                  float[] b, int bi, int ldb, float[] c, int ci, boolean add) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        if (add) {
            c0 = FloatVector.fromArray(S, c, ci);
            c1 = FloatVector.fromArray(S, c, ci + L);
            c2 = FloatVector.fromArray(S, c, ci + 2 * L);
            c3 = FloatVector.fromArray(S, c, ci + 3 * L);
        }
        for (int p = 0; p < kc; p++, ai += aCol, bi += ldb) {
            FloatVector x = FloatVector.broadcast(S, alpha * a[ai]);
            c0 = x.fma(FloatVector.fromArray(S, b, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bi + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), c3);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + L);
        c2.intoArray(c, ci + 2 * L);
        c3.intoArray(c, ci + 3 * L);
    }

    private static void rowChunk1(int kc, float alpha, float[] a, int ai, int aCol,
                                  float[] b, int bi, int ldb, float[] c, int ci, boolean add) {
        FloatVector c0 = add ? FloatVector.fromArray(S, c, ci) : FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ai += aCol, bi += ldb) {
            c0 = FloatVector.broadcast(S, alpha * a[ai]).fma(FloatVector.fromArray(S, b, bi), c0);
        }
        c0.intoArray(c, ci);
    }

    /** Copies an h x w block between C and the scratch tile. */
    private static void copy(float[] from, int fromOff, int fromLd, float[] to, int toOff,
                             int toLd, int h, int w) {
        for (int r = 0; r < h; r++) {
            System.arraycopy(from, fromOff + r * fromLd, to, toOff + r * toLd, w);
        }
    }

    /**
     * Packs op(A)(ic .. ic+mcc, pc .. pc+kc), times alpha, as panels of {@code rows} rows:
     * element (r, p) of panel q is at {@code q * rows * kc + p * rows + r}. Rows past the
     * edge of A are zero.
     */
    private void packA(boolean transA, float alpha, float[] a, int aOff, int lda,
                       int ic, int mcc, int pc, int kc, float[] pa) {
        int rows = this.rows;
        for (int ir = 0; ir < mcc; ir += rows) {
            int h = Math.min(rows, mcc - ir);
            int base = ir * kc;
            if (!transA) {
                for (int r = 0; r < h; r++) {
                    int src = aOff + (ic + ir + r) * lda + pc;
                    for (int p = 0, dst = base + r; p < kc; p++, dst += rows) {
                        pa[dst] = alpha * a[src + p];
                    }
                }
            } else {
                // Stored A is k x m: the rows of one p are contiguous.
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + ir;
                    int dst = base + p * rows;
                    for (int r = 0; r < h; r++) {
                        pa[dst + r] = alpha * a[src + r];
                    }
                }
            }
            if (h < rows) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * rows;
                    Arrays.fill(pa, dst + h, dst + rows, 0f);
                }
            }
        }
    }

    /**
     * Packs op(B)(pc .. pc+kc, jc .. jc+nc) as panels of NR columns: element (p, j) of panel
     * q is at {@code q * NR * kc + p * NR + j}. Columns past the edge of B are zero.
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb,
                              int pc, int kc, int jc, int nc, float[] pb) {
        for (int jr = 0; jr < nc; jr += NR) {
            int w = Math.min(NR, nc - jr);
            int base = jr * kc;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, bOff + (pc + p) * ldb + jc + jr, pb, base + p * NR, w);
                }
            } else {
                // Stored B is n x k: read along its rows, write down the panel's columns.
                for (int j = 0; j < w; j++) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0, dst = base + j; p < kc; p++, dst += NR) {
                        pb[dst] = b[src + p];
                    }
                }
            }
            if (w < NR) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NR;
                    Arrays.fill(pb, dst + w, dst + NR, 0f);
                }
            }
        }
    }
}
