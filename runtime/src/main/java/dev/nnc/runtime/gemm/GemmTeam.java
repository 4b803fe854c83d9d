package dev.nnc.runtime.gemm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The calling thread and up to {@code threads - 1} persistent worker threads computing one
 * GEMM call, or one loop of independent iterations ({@link RangeBody}), together, with
 * nothing allocated per call.
 *
 * <p>The split. A call whose work {@code m * n * k} is at least {@code minWork} is cut into
 * as many blocks as threads take part, each a run of whole units of C's rows or, when
 * {@link #byColumns} says so, of its columns (the last block takes the rows or columns left
 * over, so no block is smaller than a unit). A unit of rows is the kernel's
 * {@link GemmKernel#tileRows}, a unit of columns its {@link GemmKernel#tileColumns}. A block is
 * the same kernel called on a sub-problem (offsets moved, m or n shrunk), whose tiles are tiles
 * of the whole product: every element of C is computed by the same operations in the same
 * order as on one thread, and no block has so few rows that the kernel would take a small-size
 * path the whole product does not (see {@link GemmKernel#tileRows}), so the result does not
 * depend on the number of threads, nor on where the blocks are cut, bit for bit.
 *
 * <p>Where the blocks are cut. Block i is for thread i (the caller is thread 0, worker i is
 * thread i), and its size is in proportion to that thread's measured speed ({@link #cuts}):
 * on a machine whose cores run at one speed the blocks are even, and when one core runs
 * slower (on a virtual machine, whatever shares its physical core can take a third of it, for
 * minutes), its thread gets less, so that both finish together instead of the caller waiting
 * for the slower one. Each product measures it: a thread's speed is its block's size over the
 * time from the call's start to the block's end (so a worker's late start counts against it),
 * relative to the caller's, and the estimate moves an eighth of the way to each new
 * measurement, geometrically ({@link #LEARNING}), a measurement counting as at most twice and
 * at least half the estimate, so that one outlier (a thread descheduled in its block) moves it
 * little, and outliers either way weigh the same. Cuts change only when an estimate has moved by more than
 * {@link #HYSTERESIS} since the last change, so that the products and loops of a training step
 * keep cutting their rows at the same place (see below) rather than one unit apart.
 *
 * <p>A loop of {@code count} iterations is cut the same way: into as many blocks as threads
 * take part (at most {@code count / grain}), at multiples of {@code align}, in proportion to
 * the same speeds, none smaller than {@code grain} iterations. So a loop over the rows of a
 * matrix, aligned to the GEMM's row unit, gives each thread the rows its GEMM block wrote, and
 * a loop over a whole matrix's elements gives each the part it wrote: each thread works on
 * data already in its own cache. Loops are not measured: they are short, and mostly wait for
 * memory.
 *
 * <p>The hand-off. Workers are daemon threads ({@code nnc-gemm-1}, ...), started the first
 * time a call needs them. The caller writes the sub-problem into this object's plain fields,
 * then publishes it by a volatile write of one word, {@link #work}: the call's generation and
 * its number of blocks. Idle workers watch that word: they spin with {@link Thread#onSpinWait}
 * for {@link #SPIN_NANOS}, then park. A thread claims a block by a compare-and-set of the
 * block's entry in {@link #claims} from an older generation to the call's. The caller
 * computes block 0, each worker first its own block, and then everyone, the caller included,
 * claims and computes any block still unclaimed. A worker the scheduler has not run yet takes
 * nothing: the caller computes the blocks no one took, so a busy second core costs a call
 * little, and a worker that wakes late finds the old call's blocks all claimed and leaves them
 * alone (every block of a call is claimed before the call ends, and generations only grow).
 * The caller waits (spinning, then parking) until every block is done. On two threads the
 * caller computes the first part of every product and loop, and the worker the rest, whenever
 * it is awake, so each thread finds in its own cache what it wrote in the previous call (a
 * GEMM's rows of C, then the loop over them). Whoever parks sets a volatile "parked" flag and
 * checks again before parking; the other side reads the flag after its own volatile write and
 * unparks: with volatiles, one of the two always sees the other's write, so no wake-up is
 * lost.
 *
 * <p>One call at a time: a call takes the team with a compare-and-set, and a call that finds
 * it taken (another model on another thread) computes alone on its own thread.
 *
 * <p>A block's exception is caught where it happens and rethrown by the caller once every
 * block is done, so it is never lost and never leaves the caller waiting. When several blocks
 * fail, the one rethrown is the first block's (in index order), the others suppressed in it:
 * the error a user sees (a bad label, say) is the first, whatever the threads' timing. Arguments are
 * checked once, by the caller, before anything is split.
 */
final class GemmTeam {
    /**
     * How long an idle thread spins before parking. Measured here, a parked thread starts
     * about 10 microseconds after its unpark, a spinning one in under 1: as long as a
     * mid-sized product takes. A training step calls GEMM every few tens of microseconds, with
     * elementwise work in between, so workers stay awake across most of those gaps and sleep
     * when training stops. (The gap with the parameter update between two steps can be
     * longer; spinning 500 microseconds instead made no measurable difference to the MLP.)
     */
    static final long SPIN_NANOS = 100_000;

    /** C is split by columns only when it has at least this many (see {@link #byColumns}). */
    static final int MIN_SPLIT_COLUMNS = 256;

    /** How far a speed estimate moves towards each new measurement, as a power of the ratio. */
    static final double LEARNING = 0.125;

    /**
     * How far, relative to itself, a speed estimate must move before the cuts follow it. On
     * two threads, 0.04 moves a cut by about 1% of the rows.
     */
    static final double HYSTERESIS = 0.04;

    /**
     * The least and greatest speed a worker can be credited with, relative to the caller's:
     * one descheduled in the middle of a block measures as almost nothing, and must not be
     * written off for long.
     */
    static final double SLOWEST = 0.125;
    static final double FASTEST = 8;

    private static final int FIELD = 16;
    private static final long MASK = (1L << FIELD) - 1;

    private final long minWork;
    private final AtomicInteger taken = new AtomicInteger();
    /** generation (48 bits) | number of blocks (16 bits). Generations start at 1. */
    private final AtomicLong work = new AtomicLong();
    /** Block i's entry: the last generation in which it was claimed. */
    private AtomicLongArray claims = new AtomicLongArray(1);
    /** Block i's cut: its first unit; {@code cut[blocks]} is the number of units. */
    private int[] cut = new int[2];
    /** When block i of a product ended ({@link System#nanoTime}), and which thread computed it. */
    private long[] ended = new long[1];
    private int[] computedBy = new int[1];
    /** When the product being computed was published. */
    private long started;
    /** Each thread's measured speed relative to the caller's (thread 0, always 1). */
    private double[] speed = {1};
    /** The speeds the cuts are made with: {@link #speed}, with {@link #HYSTERESIS}. */
    private double[] cutSpeed = {1};
    private final AtomicInteger blocksDone = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Every failed block's exception and number, since the call started. */
    private final List<Throwable> failures = new ArrayList<>();
    private final List<Integer> failedBlocks = new ArrayList<>();
    private Worker[] workers = new Worker[0];
    private long generation;

    // The call being computed: written by the caller before it publishes {@link #work}.
    private GemmKernel kernel;
    private boolean doubles;
    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float alphaF;
    private float betaF;
    private double alphaD;
    private double betaD;
    private float[] aF;
    private float[] bF;
    private float[] cF;
    private double[] aD;
    private double[] bD;
    private double[] cD;
    private int aOff;
    private int lda;
    private int bOff;
    private int ldb;
    private int cOff;
    private int ldc;
    private boolean byColumns;
    /** W, when the product is followed by W -= scale * C block by block ({@link #sgemmSubtract}); else null. */
    private float[] wF;
    private double[] wD;
    private float scaleF;
    private double scaleD;
    private int wOff;
    /** The call is a loop ({@link #body}), not a product. */
    private boolean loop;
    private RangeBody body;
    private int task;
    private int count;
    private int unit;
    private int units;
    private Thread caller;
    private volatile boolean callerParked;

    /** minWork: the least m * n * k worth splitting. */
    GemmTeam(long minWork) {
        this.minWork = minWork;
    }

    /** C = alpha op(A) op(B) + beta C, on arguments already checked. */
    void sgemm(int threads, GemmKernel kernel, boolean transA, boolean transB, int m, int n,
               int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc) {
        floats(threads, kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, null, 0f, 0);
    }

    /** C = alpha op(A) op(B) + beta C, on arguments already checked. */
    void dgemm(int threads, GemmKernel kernel, boolean transA, boolean transB, int m, int n,
               int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff,
               int ldb, double beta, double[] c, int cOff, int ldc) {
        doubles(threads, kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, null, 0.0, 0);
    }

    /**
     * C = alpha op(A) op(B), then W -= scale * C, on arguments already checked. Each block's
     * thread subtracts the block of C it computed from the same block of W, while it is in its
     * cache. Blocks are cut as for the product alone ({@link #byColumns}). Cutting them as the
     * next forward product {@code X W} cuts W (by columns, for the MLP's first layer), so that
     * each thread would update the columns it reads next, was measured slower: the MLP's step
     * took 770 µs on two threads against 700, and the update itself 290-316 µs against 218-252.
     * The reason is the cache lines that straddle the cut: a Java array's elements start 16
     * bytes into its object, at no known offset from a 64-byte line, so a cut between columns
     * leaves one line in every row of W and of C written by both threads, 784 of each here.
     * Two threads each computing a column half of {@code X^T G} (784 x 256 x 128) and its
     * update, at once, took 195-279 µs with W and C shared, 237-268 with only W shared, 187-206
     * with only C shared, and 160-178 with neither, as fast as row halves (149-169), which
     * share one line of each (cores far apart, a round trip of about 450 ns).
     */
    void sgemmSubtract(int threads, GemmKernel kernel, boolean transA, boolean transB, int m,
                       int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                       int ldb, float[] c, int cOff, int ldc, float scale, float[] w, int wOff) {
        floats(threads, kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                0f, c, cOff, ldc, w, scale, wOff);
    }

    /** {@link #sgemmSubtract} in double precision. */
    void dgemmSubtract(int threads, GemmKernel kernel, boolean transA, boolean transB, int m,
                       int n, int k, double alpha, double[] a, int aOff, int lda, double[] b,
                       int bOff, int ldb, double[] c, int cOff, int ldc, double scale, double[] w,
                       int wOff) {
        doubles(threads, kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                0.0, c, cOff, ldc, w, scale, wOff);
    }

    /** A product, followed by W -= scale * C when w is not null. */
    private void floats(int threads, GemmKernel kernel, boolean transA, boolean transB, int m,
                        int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
                        int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                        float[] w, float scale, int wOff) {
        int blocks = blocks(threads, kernel, m, n, k);
        if (blocks < 2 || !taken.compareAndSet(0, 1)) {
            if (w == null) {
                kernel.computeSgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                        beta, c, cOff, ldc);
            } else {
                kernel.computeSgemmSubtract(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff,
                        ldb, c, cOff, ldc, scale, w, wOff);
            }
            return;
        }
        try {
            doubles = false;
            alphaF = alpha;
            betaF = beta;
            aF = a;
            bF = b;
            cF = c;
            wF = w;
            scaleF = scale;
            this.wOff = wOff;
            run(blocks, kernel, transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc);
        } finally {
            aF = null;
            bF = null;
            cF = null;
            wF = null;
            taken.set(0);
        }
    }

    /** {@link #floats} in double precision. */
    private void doubles(int threads, GemmKernel kernel, boolean transA, boolean transB, int m,
                         int n, int k, double alpha, double[] a, int aOff, int lda, double[] b,
                         int bOff, int ldb, double beta, double[] c, int cOff, int ldc,
                         double[] w, double scale, int wOff) {
        int blocks = blocks(threads, kernel, m, n, k);
        if (blocks < 2 || !taken.compareAndSet(0, 1)) {
            if (w == null) {
                kernel.computeDgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                        beta, c, cOff, ldc);
            } else {
                kernel.computeDgemmSubtract(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff,
                        ldb, c, cOff, ldc, scale, w, wOff);
            }
            return;
        }
        try {
            doubles = true;
            alphaD = alpha;
            betaD = beta;
            aD = a;
            bD = b;
            cD = c;
            wD = w;
            scaleD = scale;
            this.wOff = wOff;
            run(blocks, kernel, transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc);
        } finally {
            aD = null;
            bD = null;
            cD = null;
            wD = null;
            taken.set(0);
        }
    }

    /**
     * Runs iterations 0 to count of loop {@code task} of {@code body}, in blocks of at least
     * {@code grain} iterations starting at multiples of {@code align}, on up to
     * {@code threads} threads.
     */
    void range(int threads, RangeBody body, int task, int count, int grain, int align) {
        int blocks = rangeBlocks(threads, count, grain, align);
        if (blocks < 2 || !taken.compareAndSet(0, 1)) {
            body.range(task, 0, count);
            return;
        }
        try {
            this.loop = true;
            this.body = body;
            this.task = task;
            this.count = count;
            this.unit = align;
            this.units = count / align;
            start(blocks, (int) Math.min((grain + (long) align - 1) / align, units / blocks));
        } finally {
            this.body = null;
            this.loop = false;
            taken.set(0);
        }
    }

    /** Into how many blocks a loop is cut: 1 when it stays on the caller's thread. */
    static int rangeBlocks(int threads, int count, int grain, int align) {
        if (threads < 2 || count < 2 * (long) grain || count / align < 2) {
            return 1;
        }
        long most = Math.min(count / Math.max(grain, 1), count / align);
        return (int) Math.min(Math.min(threads, most), MASK);
    }

    /** Into how many blocks a call is cut: 1 when it stays on the caller's thread. */
    private int blocks(int threads, GemmKernel kernel, int m, int n, int k) {
        if (threads < 2 || (long) m * n * k < minWork) {
            return 1;
        }
        int units = byColumns(m, n) ? n / kernel.tileColumns() : m / kernel.tileRows();
        return (int) Math.min(Math.min(threads, units), MASK);
    }

    /**
     * Whether blocks are runs of C's columns rather than rows. A block of rows reads its own
     * rows of A but all of B, a block of columns its own columns of B but all of A: so the
     * larger operand is the one divided, and the smaller one is read (packed) whole by every
     * thread. Blocks are columns when C is wider than it is tall (B larger than A), and there
     * are at least two units of columns.
     *
     * <p>Measured with the Vector API kernel, 2 threads against 1, counting only moments when
     * no other process ran on this shared 2-vCPU machine (rough figures): X^T G
     * (TN, 784 x 256 x 128) ran 1.96 times faster split by rows, 1.50 by columns; G W^T (NT,
     * 128 x 784 x 256) 1.64 by columns, 1.39 by rows; X W (NN, 128 x 256 x 784) 1.7 either way
     * on its own, but inside the MLP's training step, where W was just updated on the
     * caller's core, 1.2 by columns and 1.0 by rows: a worker reads whatever it packs from the
     * core that wrote it. (A product whose k is short stores C often for its arithmetic, and
     * the line of each row of C that straddles a column cut then costs: see
     * {@link #sgemmSubtract}.)
     */
    static boolean byColumns(int m, int n) {
        return n > m && n >= MIN_SPLIT_COLUMNS;
    }

    private void run(int blocks, GemmKernel kernel, boolean transA, boolean transB, int m,
                     int n, int k, int aOff, int lda, int bOff, int ldb, int cOff, int ldc) {
        this.kernel = kernel;
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.aOff = aOff;
        this.lda = lda;
        this.bOff = bOff;
        this.ldb = ldb;
        this.cOff = cOff;
        this.ldc = ldc;
        this.byColumns = byColumns(m, n);
        this.unit = byColumns ? kernel.tileColumns() : kernel.tileRows();
        this.units = (byColumns ? n : m) / unit;
        start(blocks, 1);
    }

    /**
     * Cuts the call described by the fields into blocks of at least {@code least} units each,
     * publishes it, takes part, and waits for every block; after a product, updates the
     * threads' speeds.
     */
    private void start(int blocks, int least) {
        this.caller = Thread.currentThread();
        hire(blocks - 1);
        cuts(units, blocks, least, cutSpeed, cut);
        long g = ++generation;
        blocksDone.set(0);
        claims.set(0, g);
        if (!loop) {
            started = System.nanoTime();
        }
        work.set(g << FIELD | blocks);
        for (int w = 0; w < blocks - 1; w++) {
            workers[w].wake();
        }
        compute(0, 0, blocks);
        for (int i = 1; i < blocks; i++) {
            claimAndCompute(g, i, 0, blocks);
        }
        awaitBlocks(blocks);
        if (failure.get() != null) {
            throw rethrow(failed());
        }
        if (!loop) {
            learn(blocks);
        }
    }

    /**
     * Cuts {@code units} units into {@code blocks} runs in proportion to {@code speeds}, each
     * of at least {@code least} units (the caller makes sure {@code blocks * least <= units}):
     * block i is units {@code [cut[i], cut[i + 1])}.
     */
    static void cuts(int units, int blocks, int least, double[] speeds, int[] cut) {
        double total = 0;
        for (int i = 0; i < blocks; i++) {
            total += speeds[i];
        }
        double before = 0;
        cut[0] = 0;
        for (int i = 1; i < blocks; i++) {
            before += speeds[i - 1];
            int at = (int) Math.round(units * before / total);
            at = Math.max(at, cut[i - 1] + least);
            cut[i] = Math.min(at, units - (blocks - i) * least);
        }
        cut[blocks] = units;
    }

    /**
     * Moves each worker's speed estimate towards what this call measured: the size of the
     * block it computed over the time from the call's start to that block's end, relative to
     * the same for the caller's block: a geometric step of an eighth of the way, the measurement
     * taken as at most twice and at least half the estimate.
     * A block some other thread computed (its worker was late) says nothing about its worker's
     * speed.
     */
    private void learn(int blocks) {
        long callerTime = ended[0] - started;
        if (callerTime <= 0) {
            return;
        }
        double callerRate = (double) (cut[1] - cut[0]) / callerTime;
        for (int i = 1; i < blocks; i++) {
            long time = ended[i] - started;
            if (computedBy[i] != i || time <= 0) {
                continue;
            }
            double measured = (double) (cut[i + 1] - cut[i]) / time / callerRate;
            // Geometric steps, a measurement counting as at most twice and at least half the
            // estimate: one call's measurement, however far off (a thread descheduled in its
            // block, a method still interpreted on one thread and compiled on the other),
            // moves the estimate by at most 2^(1/8), up or down alike, so outliers in either
            // direction weigh the same and the estimate follows the typical call.
            double step = Math.min(2, Math.max(0.5, measured / speed[i]));
            speed[i] = Math.min(FASTEST, Math.max(SLOWEST, speed[i] * Math.pow(step, LEARNING)));
            if (Math.abs(speed[i] - cutSpeed[i]) > HYSTERESIS * cutSpeed[i]) {
                cutSpeed[i] = speed[i];
            }
        }
    }

    /** Thread {@code self} computes the blocks of generation g no one has claimed, its own first. */
    private void take(long g, int self) {
        long w = work.get();
        if (w >>> FIELD != g) {
            return;
        }
        int blocks = (int) (w & MASK);
        if (self < blocks) {
            claimAndCompute(g, self, self, blocks);
        }
        for (int i = 1; i < blocks; i++) {
            if (i != self) {
                claimAndCompute(g, i, self, blocks);
            }
        }
    }

    /**
     * Claims block i of generation g for thread {@code self} and computes it, unless it was
     * claimed already (in this call, or the call is over and a newer one may have started).
     */
    private void claimAndCompute(long g, int i, int self, int blocks) {
        AtomicLongArray claims = this.claims;
        long seen = claims.get(i);
        if (seen >= g || !claims.compareAndSet(i, seen, g)) {
            return;
        }
        compute(i, self, blocks);
    }

    /**
     * Computes block i on thread {@code self}, records (for a product, which measures) when it
     * ended and who computed it, and counts it done.
     */
    private void compute(int i, int self, int blocks) {
        try {
            block(i, blocks);
        } catch (Throwable e) {
            fail(i, e);
        }
        if (!loop) {
            ended[i] = System.nanoTime();
            computedBy[i] = self;
        }
        if (blocksDone.incrementAndGet() == blocks && self != 0 && callerParked) {
            LockSupport.unpark(caller);
        }
    }

    /** Records block i's exception (rare: this path may allocate). */
    private synchronized void fail(int block, Throwable e) {
        failedBlocks.add(block);
        failures.add(e);
        failure.compareAndSet(null, e);
    }

    /**
     * The exception to throw once every block is done: the lowest-numbered block's, with the
     * others suppressed in it, in block order.
     */
    private synchronized Throwable failed() {
        if (failures.isEmpty()) {
            return null;
        }
        int first = 0;
        for (int i = 1; i < failures.size(); i++) {
            if (failedBlocks.get(i) < failedBlocks.get(first)) {
                first = i;
            }
        }
        Throwable thrown = failures.get(first);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < failures.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(failedBlocks.get(a), failedBlocks.get(b)));
        for (int i : order) {
            Throwable other = failures.get(i);
            if (other != thrown) {
                thrown.addSuppressed(other);
            }
        }
        failures.clear();
        failedBlocks.clear();
        failure.set(null);
        return thrown;
    }

    /**
     * Computes block i of {@code blocks}: a run of whole units of C's rows or columns (or of a
     * loop's iterations), the last one with what is left over.
     */
    private void block(int i, int blocks) {
        if (loop) {
            int from = unit * cut[i];
            int to = i == blocks - 1 ? count : unit * cut[i + 1];
            body.range(task, from, to);
            return;
        }
        int first = unit * cut[i];
        int end = i == blocks - 1 ? (byColumns ? n : m) : unit * cut[i + 1];
        int aAt = aOff;
        int bAt = bOff;
        int cAt;
        int rows = m;
        int cols = n;
        if (byColumns) {
            bAt += first * (transB ? ldb : 1);
            cAt = cOff + first;
            cols = end - first;
        } else {
            aAt += first * (transA ? 1 : lda);
            cAt = cOff + first * ldc;
            rows = end - first;
        }
        if (doubles) {
            kernel.computeDgemm(transA, transB, rows, cols, k, alphaD, aD, aAt, lda,
                    bD, bAt, ldb, betaD, cD, cAt, ldc);
            if (wD != null) {
                kernel.subtractScaled(rows, cols, scaleD, cD, cAt, wD, wOff + (cAt - cOff), ldc);
            }
        } else {
            kernel.computeSgemm(transA, transB, rows, cols, k, alphaF, aF, aAt, lda,
                    bF, bAt, ldb, betaF, cF, cAt, ldc);
            if (wF != null) {
                kernel.subtractScaled(rows, cols, scaleF, cF, cAt, wF, wOff + (cAt - cOff), ldc);
            }
        }
    }

    private void awaitBlocks(int blocks) {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (blocksDone.get() != blocks) {
            if (System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            } else {
                callerParked = true;
                if (blocksDone.get() != blocks) {
                    LockSupport.park(this);
                }
                callerParked = false;
            }
        }
    }

    /** Makes sure workers[0 .. count) run. Only the caller holding the team calls it. */
    private void hire(int count) {
        if (claims.length() < count + 1) {
            AtomicLongArray grown = new AtomicLongArray(count + 1);
            for (int i = 0; i < claims.length(); i++) {
                grown.set(i, claims.get(i));
            }
            claims = grown;
            cut = new int[count + 2];
            ended = new long[count + 1];
            computedBy = new int[count + 1];
            speed = grow(speed, count + 1);
            cutSpeed = grow(cutSpeed, count + 1);
        }
        while (workers.length < count) {
            Worker worker = new Worker(this, workers.length + 1);
            worker.thread.start();
            workers = Arrays.copyOf(workers, workers.length + 1);
            workers[workers.length - 1] = worker;
        }
    }

    private static double[] grow(double[] speeds, int length) {
        double[] grown = Arrays.copyOf(speeds, length);
        Arrays.fill(grown, speeds.length, length, 1.0);
        return grown;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IllegalStateException("gemm: a block failed", t);
    }

    /**
     * Sets the speed estimates of threads 0, 1, ..., and cuts by them from the next call on
     * (starting the workers needed): for tests. Only while no call runs.
     */
    void assumeSpeeds(double... speeds) {
        hire(speeds.length - 1);
        for (int i = 0; i < speeds.length; i++) {
            speed[i] = speeds[i];
            cutSpeed[i] = speeds[i];
        }
    }

    /** The worker threads started so far, for tests. */
    Thread[] workerThreads() {
        Worker[] all = workers;
        Thread[] threads = new Thread[all.length];
        for (int w = 0; w < all.length; w++) {
            threads[w] = all[w].thread;
        }
        return threads;
    }

    /**
     * One worker thread. Worker i takes part in calls of more than i blocks, so that lowering
     * the thread count leaves the extra workers asleep.
     */
    private static final class Worker implements Runnable {
        final GemmTeam team;
        final int index;
        final Thread thread;
        volatile boolean parked;

        Worker(GemmTeam team, int index) {
            this.team = team;
            this.index = index;
            this.thread = new Thread(this, "nnc-gemm-" + index);
            thread.setDaemon(true);
        }

        void wake() {
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            AtomicLong work = team.work;
            long seen = 0;
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (true) {
                long w = work.get();
                long g = w >>> FIELD;
                if (g != seen) {
                    seen = g;
                    if (index < (int) (w & MASK)) {
                        team.take(g, index);
                        deadline = System.nanoTime() + SPIN_NANOS;
                    }
                } else if (System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (work.get() >>> FIELD == seen) {
                        LockSupport.park(this);
                        Thread.interrupted(); // Else park would return at once from now on.
                    }
                    parked = false;
                }
            }
        }
    }
}
