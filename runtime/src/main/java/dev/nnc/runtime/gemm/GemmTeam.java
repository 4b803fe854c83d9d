package dev.nnc.runtime.gemm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * {@link GemmKernel#tileRows}; a unit of columns is {@link #COLUMN_UNIT}, a multiple of every
 * kernel's tile width. A block is the same kernel called on a sub-problem (offsets moved, m or
 * n shrunk), whose tiles are tiles of the whole product: every element of C is computed by
 * the same operations in the same order as on one thread, and no block has so few rows that
 * the kernel would take a small-size path the whole product does not (see
 * {@link GemmKernel#tileRows}), so the result does not depend on the number of threads, bit
 * for bit.
 *
 * <p>A loop of {@code count} iterations is cut the same way: into as many blocks as threads
 * take part (at most {@code count / grain}, so no block has fewer than {@code grain}
 * iterations), at multiples of {@code align}: block i starts at
 * {@code align * (count / align * i / blocks)}. So a loop over the rows of a matrix, aligned to
 * the GEMM's row unit, gives each thread the rows its GEMM block wrote, and a loop over a
 * whole matrix's elements split in halves gives each the half it wrote: each thread works on
 * data already in its own cache.
 *
 * <p>The hand-off. Workers are daemon threads ({@code nnc-gemm-1}, ...), started the first
 * time a call needs them. The caller writes the sub-problem into this object's plain fields,
 * then publishes it by a volatile write of one word, {@link #work}: the call's generation,
 * its number of blocks, and the next block to take. Idle workers watch that word: they spin
 * with {@link Thread#onSpinWait} for {@link #SPIN_NANOS}, then park. Then everyone, the
 * caller included, takes blocks by compare-and-set on the word until none are left, and the
 * caller waits (spinning, then parking) until every block is done. A worker the scheduler
 * has not run yet takes nothing: the caller computes the blocks no one took, so a busy second
 * core costs a call little, and a worker that wakes late sees a newer generation and leaves
 * the old call alone. The caller always computes block 0 itself, and the workers take the
 * others in turn: on two threads the caller computes the first half of every product and
 * loop, and the worker the second, whenever it is awake, so each thread finds in its own
 * cache what it wrote in the previous call (a GEMM's rows of C, then the loop over them). Whoever parks sets a volatile "parked" flag and checks again before
 * parking; the other side reads the flag after its own volatile write and unparks: with
 * volatiles, one of the two always sees the other's write, so no wake-up is lost.
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

    /**
     * Blocks of columns start at multiples of this: a multiple of every tile width (two
     * vectors: 32 floats or 16 doubles on AVX-512, up to 128 floats on 2048-bit SVE).
     */
    static final int COLUMN_UNIT = 128;

    private static final int FIELD = 16;
    private static final long MASK = (1L << FIELD) - 1;

    private final long minWork;
    private final AtomicInteger taken = new AtomicInteger();
    /** generation (32 bits) | number of blocks (16 bits) | next block to take (16 bits). */
    private final AtomicLong work = new AtomicLong();
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
     * took 770 µs on two threads against 700 (X^T G splits worse by columns, see
     * {@link #byColumns}).
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
            start(blocks);
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
        int units = byColumns(m, n) ? n / COLUMN_UNIT : m / kernel.tileRows();
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
     * core that wrote it.
     */
    static boolean byColumns(int m, int n) {
        return n > m && n >= 2 * COLUMN_UNIT;
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
        this.unit = byColumns ? COLUMN_UNIT : kernel.tileRows();
        this.units = (byColumns ? n : m) / unit;
        start(blocks);
    }

    /** Publishes the call described by the fields, takes part, and waits for every block. */
    private void start(int blocks) {
        this.caller = Thread.currentThread();
        hire(blocks - 1);
        long g = ++generation & 0xFFFF_FFFFL;
        blocksDone.set(0);
        // Block 0 is the caller's: the workers start counting at 1.
        work.set(g << (2 * FIELD) | (long) blocks << FIELD | 1);
        for (int w = 0; w < blocks - 1; w++) {
            workers[w].wake();
        }
        try {
            block(0, blocks);
        } catch (Throwable e) {
            fail(0, e);
        }
        blocksDone.incrementAndGet();
        take(g);
        awaitBlocks(blocks);
        if (failure.get() != null) {
            throw rethrow(failed());
        }
    }

    /** Takes and computes blocks of generation g until none are left. */
    private void take(long g) {
        while (true) {
            long w = work.get();
            int blocks = (int) (w >>> FIELD & MASK);
            int next = (int) (w & MASK);
            if (w >>> (2 * FIELD) != g || next >= blocks) {
                return;
            }
            if (!work.compareAndSet(w, w + 1)) {
                continue;
            }
            try {
                block(next, blocks);
            } catch (Throwable e) {
                fail(next, e);
            }
            if (blocksDone.incrementAndGet() == blocks && callerParked) {
                LockSupport.unpark(caller);
            }
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
            int from = unit * (int) ((long) units * i / blocks);
            int to = i == blocks - 1 ? count : unit * (int) ((long) units * (i + 1) / blocks);
            body.range(task, from, to);
            return;
        }
        int first = unit * (int) ((long) units * i / blocks);
        int end = i == blocks - 1 ? (byColumns ? n : m)
                : unit * (int) ((long) units * (i + 1) / blocks);
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
        while (workers.length < count) {
            Worker worker = new Worker(this, workers.length + 1);
            worker.thread.start();
            workers = Arrays.copyOf(workers, workers.length + 1);
            workers[workers.length - 1] = worker;
        }
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
                long g = w >>> (2 * FIELD);
                if (g != seen) {
                    seen = g;
                    if (index < (int) (w >>> FIELD & MASK)) {
                        team.take(g);
                        deadline = System.nanoTime() + SPIN_NANOS;
                    }
                } else if (System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (work.get() >>> (2 * FIELD) == seen) {
                        LockSupport.park(this);
                        Thread.interrupted(); // Else park would return at once from now on.
                    }
                    parked = false;
                }
            }
        }
    }
}
