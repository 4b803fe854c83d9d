package dev.nnc.runtime.gemm;

import java.lang.module.ModuleFinder;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The static entry points generated code calls for matrix products:
 * {@code C = alpha * op(A) * op(B) + beta * C}, in the calling convention of
 * {@link GemmKernel} (flat row-major arrays, offsets, leading dimensions, transpose flags).
 *
 * <p>The kernel is chosen once, when this class is initialised, and held in a static final
 * field, so the JIT inlines straight through to it:
 *
 * <ul>
 *   <li>the Vector API kernel when the module {@code jdk.incubator.vector} is present (the JVM
 *       was started with {@code --add-modules jdk.incubator.vector}) and compiles to SIMD
 *       code here: C2 is on, vectors hold at least four floats, and the CPU has FMA;
 *   <li>otherwise the plain-Java kernel, so a jar still runs on a bare {@code java -jar}.
 * </ul>
 *
 * <p>Products of fewer than {@link #SMALL_WORK} multiply-adds run on the plain kernel whatever
 * the choice, as the Vector API kernel is slow until C2 has compiled it.
 *
 * <p>The system property {@code nnc.gemm} overrides the choice: {@code plain} forces the
 * plain kernel (for tests and benchmarks), {@code vector} demands the Vector API kernel and
 * fails if the module is absent, {@code auto} (or unset) chooses as above.
 *
 * <p>Threads. {@link #setThreads} (or the system property {@code nnc.threads}, read when this
 * class is initialised; default 1) lets a large product use up to that many threads: the
 * caller and persistent daemon workers ({@code nnc-gemm-1}, ...), each computing a block of
 * C's rows (or columns), sized by each thread's measured speed so that a slower core gets
 * less, see {@code GemmTeam}. Products of fewer than {@code SPLIT_WORK}
 * multiply-adds stay on the caller's thread, and so does a call made while another thread's
 * call has the workers. The result is the same, bit for bit, on any number of threads, and a
 * warm call allocates nothing on any of them.
 *
 * <p>Thread-safe; see {@link GemmKernel} for scratch memory and allocation.
 */
public final class Gemm {
    static final String PROPERTY = "nnc.gemm";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "dev.nnc.runtime.gemm.VectorGemm";

    static final String THREADS_PROPERTY = "nnc.threads";

    /**
     * The least work, m * n * k multiply-adds, that is split between threads. Measured with the
     * Vector API kernel on a shared 2-vCPU machine, counting only moments when no other process
     * ran, two threads against one (rough figures): 32^3 ran at 0.64 times the speed, 48^3 at
     * 1.08, 64^3 (2^18) at 1.3, 96^3 at 1.56, and from 112^3 up 1.6 to 1.96. Just below, the
     * MLP's last layer (128 x 10 x 128, 163,840) gained in two forms on its own and lost in the
     * third (0.7 times, with k = 10), and inside the training step moving the threshold from
     * 2^17 to 2^20 changed nothing measurable.
     */
    static final long SPLIT_WORK = 1L << 18;

    /**
     * Products of fewer multiply-adds than this run on the plain kernel whatever {@link #kernel}
     * is: below it, a product is over in a microsecond or two either way (16 x 16 x 16: 1.9
     * against 1.4 microseconds, warm), while the Vector API kernel's first few thousand calls,
     * before C2 has compiled them, each take tens of microseconds more. A small network (the
     * Iris sample's products are 32 x 16 x 4 and smaller) trains for a few hundred steps and
     * is done before that: with the Vector API kernel, `./nnc train samples/iris.nn` took 0.3 s
     * longer. They never split between threads either ({@link #SPLIT_WORK} is larger), so the
     * bits of every product still depend only on its shape.
     */
    static final long SMALL_WORK = 1L << 12;

    /**
     * From this many multiply-adds a product runs several times faster on the Vector API kernel
     * than on the plain one (the Fashion-MNIST sample's first layer, 128 x 784 x 256, 3 to 5
     * times), worth telling someone whose JVM lacks the module: see {@link #vectorModuleHint}.
     */
    static final long HINT_WORK = 1L << 20;

    private static final GemmKernel KERNEL = choose(System.getProperty(PROPERTY));
    private static final GemmTeam TEAM = new GemmTeam(SPLIT_WORK);
    private static final IntSupplier CURRENT_THREADS = Gemm::threads;
    private static final GemmKernel THREADED = new ThreadedGemm(KERNEL, TEAM, CURRENT_THREADS);
    private static volatile int threads =
            threadsFrom(System.getProperty(THREADS_PROPERTY), processors());
    /**
     * The most multiply-adds of one product so far, for {@link #vectorModuleHint}. Written
     * without synchronisation: a hint needs no more, and once the largest product has run it is
     * only read.
     */
    private static long largestWork;

    private Gemm() {}

    /** C = alpha op(A) op(B) + beta C in single precision, with the chosen kernel. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        kernelFor(m, n, k).sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    /** C = alpha op(A) op(B) + beta C in double precision, with the chosen kernel. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double alpha, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        kernelFor(m, n, k).dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    /**
     * {@code C = alpha op(A) op(B)}, bit for bit what {@link #sgemm} with beta 0 computes, then
     * {@code W = W - scale * C} element by element ({@code w - scale * c}, the product rounded
     * first): a plain SGD step fused into the product of its gradient, which stays in C. W is
     * laid out like C ({@code w[wOff + i * ldc + j]}) and overlaps none of A, B and C. On
     * several threads each thread subtracts the block of C it computed, while it is in its cache,
     * and the blocks are cut as for the product alone (see {@code GemmTeam.sgemmSubtract}); the
     * result is the same on any number of threads.
     */
    public static void sgemmSubtract(boolean transA, boolean transB, int m, int n, int k,
                                     float alpha, float[] a, int aOff, int lda,
                                     float[] b, int bOff, int ldb,
                                     float[] c, int cOff, int ldc, float scale, float[] w, int wOff) {
        kernelFor(m, n, k).sgemmSubtract(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                c, cOff, ldc, scale, w, wOff);
    }

    /** {@link #sgemmSubtract} in double precision. */
    public static void dgemmSubtract(boolean transA, boolean transB, int m, int n, int k,
                                     double alpha, double[] a, int aOff, int lda,
                                     double[] b, int bOff, int ldb,
                                     double[] c, int cOff, int ldc, double scale, double[] w, int wOff) {
        kernelFor(m, n, k).dgemmSubtract(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                c, cOff, ldc, scale, w, wOff);
    }

    /**
     * The sums of the columns of the {@code m x n} matrix A (row-major at {@code aOff}, leading
     * dimension {@code lda}) into {@code out[outOff ..< outOff + n]}: each column's rows added
     * in order from +0, so the bits are those of the plain loop on any kernel. A bias's
     * gradient, the sum of the batch's rows of the gradient of its layer's output. On the
     * caller's thread.
     *
     * @throws IllegalArgumentException for negative sizes, a leading dimension shorter than a
     *     row, or out overlapping A
     * @throws IndexOutOfBoundsException when A or out does not fit its array
     */
    public static void sumRows(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
        GemmArguments.checkSumRows(m, n, a, Objects.requireNonNull(a, "a").length, aOff, lda,
                out, Objects.requireNonNull(out, "out").length, outOff);
        KERNEL.sumRows(m, n, a, aOff, lda, out, outOff);
    }

    /** {@link #sumRows(int, int, float[], int, int, float[], int)} in double precision. */
    public static void sumRows(int m, int n, double[] a, int aOff, int lda, double[] out, int outOff) {
        GemmArguments.checkSumRows(m, n, a, Objects.requireNonNull(a, "a").length, aOff, lda,
                out, Objects.requireNonNull(out, "out").length, outOff);
        KERNEL.sumRows(m, n, a, aOff, lda, out, outOff);
    }

    /**
     * Rows {@code from} to {@code to} of {@code out = z + b} with b added to every row of the
     * {@code n}-column row-major z, and with {@code relu} then {@code max(v, 0)}
     * ({@link GemmKernel#biasAdd}): a dense layer's bias and activation, which generated code
     * calls for a loop C2 would not vectorise (it cannot rule out that out and b overlap). The
     * bits are the plain loop's on every kernel; fewer than {@link #SMALL_WORK} elements run
     * on the plain loop, as small products do.
     *
     * @throws IllegalArgumentException for a range or row length out of order, or arrays too
     *     short for them
     */
    public static void biasAdd(boolean relu, int from, int to, int n, float[] z, float[] b, float[] out) {
        long count = GemmArguments.checkBiasAdd(from, to, n, z.length, b.length, out.length);
        loopKernel(count).biasAdd(relu, from, to, n, z, b, out);
    }

    /** {@link #biasAdd(boolean, int, int, int, float[], float[], float[])} in double precision. */
    public static void biasAdd(boolean relu, int from, int to, int n, double[] z, double[] b, double[] out) {
        long count = GemmArguments.checkBiasAdd(from, to, n, z.length, b.length, out.length);
        loopKernel(count).biasAdd(relu, from, to, n, z, b, out);
    }

    /**
     * Elements {@code from} to {@code to} of {@code out = (h > 0 ? 1 : 0) * g}
     * ({@link GemmKernel#reluGrad}): relu's derivative times the gradient of its output, whose
     * float comparison C2 does not vectorise. The plain loop's bits on every kernel.
     *
     * @throws IllegalArgumentException for a range out of order or past the end of an array
     */
    public static void reluGrad(int from, int to, float[] h, float[] g, float[] out) {
        int count = GemmArguments.checkReluGrad(from, to, h.length, g.length, out.length);
        loopKernel(count).reluGrad(from, to, h, g, out);
    }

    /** {@link #reluGrad(int, int, float[], float[], float[])} in double precision. */
    public static void reluGrad(int from, int to, double[] h, double[] g, double[] out) {
        int count = GemmArguments.checkReluGrad(from, to, h.length, g.length, out.length);
        loopKernel(count).reluGrad(from, to, h, g, out);
    }

    /** The kernel for an element loop of {@code count} elements: the plain one below {@link #SMALL_WORK}. */
    private static GemmKernel loopKernel(long count) {
        return count < SMALL_WORK ? PlainGemm.INSTANCE : KERNEL;
    }

    /**
     * Runs iterations 0 to {@code count} of a loop whose iterations are independent
     * ({@link RangeBody}), split between the same threads as large products: into at most
     * {@link #threads()} blocks of at least {@code grain} iterations, each starting at a
     * multiple of {@code align}. Loops too short for two blocks, and loops started while
     * another thread's call has the workers, run on the caller's thread. Since the iterations
     * are independent, the result is the same on any number of threads; nothing is allocated.
     *
     * @param grain the fewest iterations worth a thread (at least 1)
     * @param align where blocks may start: a multiple of it (at least 1)
     */
    public static void forRange(RangeBody body, int task, int count, int grain, int align) {
        if (count <= 0) {
            return;
        }
        TEAM.range(threads, body, task, count, Math.max(1, grain), Math.max(1, align));
    }

    /**
     * The given kernel, with large products split between threads as {@link #sgemm} splits
     * them: same workers, same rule, as many threads as {@link #threads()} says at each call.
     * For benchmarks and tests that pick a kernel themselves.
     */
    public static GemmKernel threaded(GemmKernel kernel) {
        return new ThreadedGemm(Objects.requireNonNull(kernel, "kernel"), TEAM, CURRENT_THREADS);
    }

    /**
     * Sets how many threads a large product may use: the caller and {@code n - 1} workers.
     * 1 (the default) keeps every call on its caller's thread.
     *
     * @throws IllegalArgumentException unless 1 <= n <= the available processors
     */
    public static void setThreads(int n) {
        threads = checkThreads(n, processors(), "threads");
    }

    /** How many threads a large product may use; see {@link #setThreads}. */
    public static int threads() {
        return threads;
    }

    private static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The thread count the system property asks for: 1 when it is unset. */
    static int threadsFrom(String property, int processors) {
        if (property == null || property.isBlank()) {
            return 1;
        }
        int n;
        try {
            n = Integer.parseInt(property.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(THREADS_PROPERTY + " must be a whole number of"
                    + " threads from 1 to " + processors + ", not '" + property + "'");
        }
        return checkThreads(n, processors, THREADS_PROPERTY);
    }

    private static int checkThreads(int n, int processors, String what) {
        if (n < 1 || n > processors) {
            throw new IllegalArgumentException(what + " must be from 1 to " + processors
                    + " (the available processors), not " + n);
        }
        return n;
    }

    /**
     * The kernel a product of this shape runs on: the plain kernel below {@link #SMALL_WORK}
     * multiply-adds, else {@link #kernel}, split between threads when large enough.
     */
    static GemmKernel kernelFor(int m, int n, int k) {
        long work = (long) m * n * k;
        if (work > largestWork) {
            largestWork = work;
        }
        return work < SMALL_WORK ? PlainGemm.INSTANCE : THREADED;
    }

    /**
     * A note for the person training, or empty: present when the products ran on the plain
     * kernel only because this JVM was started without the module {@code jdk.incubator.vector}
     * (which the JDK has), and one of them was large enough ({@link #HINT_WORK}) to run several
     * times faster on the Vector API kernel. A manifest cannot add a module, so a bare
     * {@code java -jar model.jar train} runs this way. Empty when {@code nnc.gemm} asked for
     * the plain kernel.
     */
    public static Optional<String> vectorModuleHint() {
        return vectorModuleHint(System.getProperty(PROPERTY), KERNEL == PlainGemm.INSTANCE,
                vectorModulePresent(), ModuleFinder.ofSystem().find(VECTOR_MODULE).isPresent(),
                largestWork);
    }

    static Optional<String> vectorModuleHint(String property, boolean plainKernel, boolean modulePresent,
                                             boolean moduleInJdk, long largestWork) {
        boolean chosen = property == null || property.strip().equals("auto");
        if (!chosen || !plainKernel || modulePresent || !moduleInJdk || largestWork < HINT_WORK) {
            return Optional.empty();
        }
        return Optional.of("note: the matrix products run on the plain-Java kernel, as this JVM was"
                + " started without the module " + VECTOR_MODULE + "; the Vector API kernel runs"
                + " products this large several times faster: start java with --add-modules "
                + VECTOR_MODULE);
    }

    /** The kernel {@link #sgemm} and {@link #dgemm} use for all but the smallest products ({@link #SMALL_WORK}). */
    public static GemmKernel kernel() {
        return KERNEL;
    }

    /** The plain-Java kernel, available everywhere. */
    public static GemmKernel plain() {
        return PlainGemm.INSTANCE;
    }

    /** The Vector API kernel, or empty when the module {@code jdk.incubator.vector} is absent. */
    public static Optional<GemmKernel> vector() {
        return vectorModulePresent() ? Optional.of(loadVector()) : Optional.empty();
    }

    /** Whether the JVM was started with the Vector API module resolved. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    private static GemmKernel choose(String property) {
        switch (decide(property, vectorModulePresent())) {
            case "plain":
                return PlainGemm.INSTANCE;
            case "vector":
                return loadVector();
            default: // "auto": the module is present; is there SIMD hardware for it?
                try {
                    return worthUsing() ? loadVector() : PlainGemm.INSTANCE;
                } catch (IllegalStateException e) {
                    return PlainGemm.INSTANCE;
                }
        }
    }

    /**
     * What the property asks for, given whether the module is present: "plain", "vector", or
     * "auto" when the Vector API kernel is available and the hardware still has a say.
     */
    static String decide(String property, boolean vectorModule) {
        String wanted = property == null ? "auto" : property.trim();
        switch (wanted) {
            case "plain":
                return "plain";
            case "vector":
                if (!vectorModule) {
                    throw new IllegalStateException(PROPERTY + "=vector, but the module "
                            + VECTOR_MODULE + " is not present: start java with --add-modules "
                            + VECTOR_MODULE);
                }
                return "vector";
            case "auto":
            case "":
                return vectorModule ? "auto" : "plain";
            default:
                throw new IllegalArgumentException(PROPERTY + " must be plain, vector or auto,"
                        + " not '" + property + "'");
        }
    }

    /**
     * Loads the Vector API kernel by name, so that this class never links against the
     * incubator module itself. Call only when the module is present.
     */
    private static GemmKernel loadVector() {
        try {
            return (GemmKernel) Class.forName(VECTOR_CLASS).getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the Vector API GEMM kernel", e);
        }
    }

    private static boolean worthUsing() {
        try {
            return (Boolean) Class.forName(VECTOR_CLASS).getDeclaredMethod("worthUsing")
                    .invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }
}
