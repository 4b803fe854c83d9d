package dev.nnc.runtime.gemm;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel ({@link VectorSgemm}, {@link VectorDgemm}).
 *
 * <p>This class and the two it uses are the only ones that name {@code jdk.incubator.vector}.
 * The module is not resolved unless the JVM is started with
 * {@code --add-modules jdk.incubator.vector}, and a class that links against a missing
 * module fails with NoClassDefFoundError, so {@link Gemm} loads this class reflectively and
 * only after checking that the module is in the boot layer.
 */
final class VectorGemm implements GemmKernel {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

    private final int rows;
    private final VectorSgemm floats;
    private final VectorDgemm doubles;

    VectorGemm() {
        this(defaultRows());
    }

    /** rows is the micro-kernel's tile height: 8 or 6. */
    VectorGemm(int rows) {
        this(rows, true);
    }

    /**
     * readAInPlace false makes the single-precision kernel pack A always, for tests that check
     * that reading A in place gives the same bits.
     */
    VectorGemm(int rows, boolean readAInPlace) {
        this.rows = rows;
        this.floats = new VectorSgemm(rows, readAInPlace);
        this.doubles = new VectorDgemm(rows);
    }

    /**
     * The tile height that fits the register file: an 8-row tile of two vectors needs 19
     * vector registers. AVX-512 and AArch64 have 32; AVX2 and SSE have 16, where 8 rows
     * spill and 6 rows (15 registers) is the measured best.
     */
    static int defaultRows() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean wideRegisterFile = arch.equals("aarch64")
                || FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
        return wideRegisterFile ? 8 : 6;
    }

    /**
     * Whether the Vector API runs as SIMD code here, rather than as its Java emulation, which
     * is far slower than the plain kernel: that needs C2 (not {@code -Xint}, not
     * {@code -XX:TieredStopAtLevel=1}), vectors of at least four floats, and FMA instructions.
     * Without FMA (x86 before 2013, or {@code -XX:UseAVX=0}) every {@code fma} lane is computed
     * in software: measured, the tests ran for minutes instead of seconds.
     */
    static boolean worthUsing() {
        String vm = System.getProperty("java.vm.info", "");
        if (vm.contains("interpreted mode") || vm.contains("emulated-client")) {
            return false;
        }
        return FloatVector.SPECIES_PREFERRED.length() >= 4 && !Boolean.FALSE.equals(fma());
    }

    /** HotSpot's UseFMA flag, or null when this VM does not say. Costs ~25 ms, once. */
    private static Boolean fma() {
        try {
            HotSpotDiagnosticMXBean hotSpot =
                    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot == null ? null
                    : Boolean.valueOf(hotSpot.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return null; // Not HotSpot, or no jdk.management: assume a modern CPU.
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    /**
     * 6 or 8: more than {@link VectorSgemm#FEW_ROWS}, so a block of whole tiles never takes
     * the few-rows path.
     */
    @Override
    public int tileRows() {
        return rows;
    }

    /** A float tile's width, two vectors (32 on AVX-512): a multiple of a double tile's. */
    @Override
    public int tileColumns() {
        return VectorSgemm.NR;
    }

    @Override
    public String toString() {
        return "vector (" + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit, " + rows
                + "-row tiles)";
    }

    @Override
    public void computeSgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        floats.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    @Override
    public void computeDgemm(boolean transA, boolean transB, int m, int n, int k,
                             double alpha, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        doubles.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    /** Lanewise {@code w - scale * c}: a multiply, then a subtract, as the plain loop rounds them. */
    @Override
    public void subtractScaled(int m, int n, float scale, float[] c, int cOff, float[] w, int wOff, int ld) {
        if (ld == n && m > 1) { // one contiguous run
            n *= m;
            m = 1;
        }
        int full = FLOATS.loopBound(n);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ld;
            int wi = wOff + i * ld;
            int j = 0;
            for (; j < full; j += FLOATS.length()) {
                FloatVector product = FloatVector.fromArray(FLOATS, c, ci + j).mul(scale);
                FloatVector.fromArray(FLOATS, w, wi + j).sub(product).intoArray(w, wi + j);
            }
            for (; j < n; j++) {
                w[wi + j] = w[wi + j] - scale * c[ci + j];
            }
        }
    }

    @Override
    public void subtractScaled(int m, int n, double scale, double[] c, int cOff, double[] w, int wOff, int ld) {
        if (ld == n && m > 1) { // one contiguous run
            n *= m;
            m = 1;
        }
        int full = DOUBLES.loopBound(n);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ld;
            int wi = wOff + i * ld;
            int j = 0;
            for (; j < full; j += DOUBLES.length()) {
                DoubleVector product = DoubleVector.fromArray(DOUBLES, c, ci + j).mul(scale);
                DoubleVector.fromArray(DOUBLES, w, wi + j).sub(product).intoArray(w, wi + j);
            }
            for (; j < n; j++) {
                w[wi + j] = w[wi + j] - scale * c[ci + j];
            }
        }
    }

    /** A row at a time: whole vectors of z and b, then the row's last elements as the plain loop does them. */
    @Override
    public void biasAdd(boolean relu, int from, int to, int n, float[] z, float[] b, float[] out) {
        int full = FLOATS.loopBound(n);
        for (int i = from; i < to; i++) {
            int r = i * n;
            for (int j = 0; j < full; j += FLOATS.length()) {
                FloatVector v = FloatVector.fromArray(FLOATS, z, r + j).add(FloatVector.fromArray(FLOATS, b, j));
                (relu ? v.max(0f) : v).intoArray(out, r + j);
            }
            RowLoops.biasAddRow(relu, r, full, n, z, b, out);
        }
    }

    @Override
    public void biasAdd(boolean relu, int from, int to, int n, double[] z, double[] b, double[] out) {
        int full = DOUBLES.loopBound(n);
        for (int i = from; i < to; i++) {
            int r = i * n;
            for (int j = 0; j < full; j += DOUBLES.length()) {
                DoubleVector v = DoubleVector.fromArray(DOUBLES, z, r + j).add(DoubleVector.fromArray(DOUBLES, b, j));
                (relu ? v.max(0.0) : v).intoArray(out, r + j);
            }
            RowLoops.biasAddRow(relu, r, full, n, z, b, out);
        }
    }

    /** 1 or 0 by a lanewise comparison, then the multiplication the plain loop does. */
    @Override
    public void reluGrad(int from, int to, float[] h, float[] g, float[] out) {
        FloatVector zero = FloatVector.zero(FLOATS);
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        int i = from;
        for (int end = from + FLOATS.loopBound(to - from); i < end; i += FLOATS.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(FLOATS, h, i).compare(VectorOperators.GT, 0f);
            zero.blend(one, positive).mul(FloatVector.fromArray(FLOATS, g, i)).intoArray(out, i);
        }
        RowLoops.reluGrad(i, to, h, g, out);
    }

    @Override
    public void reluGrad(int from, int to, double[] h, double[] g, double[] out) {
        DoubleVector zero = DoubleVector.zero(DOUBLES);
        DoubleVector one = DoubleVector.broadcast(DOUBLES, 1.0);
        int i = from;
        for (int end = from + DOUBLES.loopBound(to - from); i < end; i += DOUBLES.length()) {
            VectorMask<Double> positive = DoubleVector.fromArray(DOUBLES, h, i).compare(VectorOperators.GT, 0.0);
            zero.blend(one, positive).mul(DoubleVector.fromArray(DOUBLES, g, i)).intoArray(out, i);
        }
        RowLoops.reluGrad(i, to, h, g, out);
    }

    /**
     * Four vectors of columns at a time, their sums in registers across the rows (the plain
     * loop stores and reloads them every row, which C2 does not vectorise), each lane adding
     * its column's rows in order from +0, as the plain loop does.
     */
    @Override
    public void sumRows(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
        int v = FLOATS.length();
        int j = 0;
        for (; j + 4 * v <= n; j += 4 * v) {
            FloatVector s0 = FloatVector.zero(FLOATS);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (int i = 0, ai = aOff + j; i < m; i++, ai += lda) {
                s0 = s0.add(FloatVector.fromArray(FLOATS, a, ai));
                s1 = s1.add(FloatVector.fromArray(FLOATS, a, ai + v));
                s2 = s2.add(FloatVector.fromArray(FLOATS, a, ai + 2 * v));
                s3 = s3.add(FloatVector.fromArray(FLOATS, a, ai + 3 * v));
            }
            s0.intoArray(out, outOff + j);
            s1.intoArray(out, outOff + j + v);
            s2.intoArray(out, outOff + j + 2 * v);
            s3.intoArray(out, outOff + j + 3 * v);
        }
        for (; j + v <= n; j += v) {
            FloatVector s0 = FloatVector.zero(FLOATS);
            for (int i = 0, ai = aOff + j; i < m; i++, ai += lda) {
                s0 = s0.add(FloatVector.fromArray(FLOATS, a, ai));
            }
            s0.intoArray(out, outOff + j);
        }
        if (j < n) {
            RowLoops.sumRows(m, n - j, a, aOff + j, lda, out, outOff + j);
        }
    }

    @Override
    public void sumRows(int m, int n, double[] a, int aOff, int lda, double[] out, int outOff) {
        int v = DOUBLES.length();
        int j = 0;
        for (; j + 4 * v <= n; j += 4 * v) {
            DoubleVector s0 = DoubleVector.zero(DOUBLES);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            for (int i = 0, ai = aOff + j; i < m; i++, ai += lda) {
                s0 = s0.add(DoubleVector.fromArray(DOUBLES, a, ai));
                s1 = s1.add(DoubleVector.fromArray(DOUBLES, a, ai + v));
                s2 = s2.add(DoubleVector.fromArray(DOUBLES, a, ai + 2 * v));
                s3 = s3.add(DoubleVector.fromArray(DOUBLES, a, ai + 3 * v));
            }
            s0.intoArray(out, outOff + j);
            s1.intoArray(out, outOff + j + v);
            s2.intoArray(out, outOff + j + 2 * v);
            s3.intoArray(out, outOff + j + 3 * v);
        }
        for (; j + v <= n; j += v) {
            DoubleVector s0 = DoubleVector.zero(DOUBLES);
            for (int i = 0, ai = aOff + j; i < m; i++, ai += lda) {
                s0 = s0.add(DoubleVector.fromArray(DOUBLES, a, ai));
            }
            s0.intoArray(out, outOff + j);
        }
        if (j < n) {
            RowLoops.sumRows(m, n - j, a, aOff + j, lda, out, outOff + j);
        }
    }
}
