package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After warm-up, a GEMM call allocates nothing: scratch panels are per thread and reused, and
 * once C2 has compiled the Vector API kernel its vectors live in registers. The training step
 * calls these kernels and must allocate nothing, so this is measured, per thread, with
 * {@code ThreadMXBean.getCurrentThreadAllocatedBytes}.
 */
class GemmAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** m, n, k: edge tiles, whole tiles, two blocks of k, a narrow layer, and few rows. */
    private static final int[][] SIZES = {
        {17, 33, 65}, {16, 64, 32}, {20, 70, 300}, {64, 10, 64}, {2, 70, 300}};

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nnc.runtime.gemm.Kernels#all")
    void aWarmKernelAllocatesNothing(GemmKernel kernel) {
        float[] fa = new float[300 * 300];
        float[] fb = new float[300 * 300];
        float[] fc = new float[300 * 300];
        double[] da = new double[300 * 300];
        double[] db = new double[300 * 300];
        double[] dc = new double[300 * 300];
        long allocated = -1;
        // C2 compiles in the background: warm up, measure, and give it more time if the
        // compiled code is not in place yet. A kernel that allocates per call never gets to 0.
        for (int round = 0; round < 20 && allocated != 0; round++) {
            run(kernel, 200, fa, fb, fc, da, db, dc);
            long before = THREADS.getCurrentThreadAllocatedBytes();
            run(kernel, 50, fa, fb, fc, da, db, dc);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated, "bytes allocated by 50 rounds of warm calls");
    }

    /**
     * Split between the caller and a worker, a warm call allocates nothing on either thread:
     * the hand-off is a few volatile fields and counters, and the workers' scratch is theirs
     * from their first call on. The workers are measured through
     * {@code getThreadAllocatedBytes(long[])}, and must have computed blocks meanwhile.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nnc.runtime.gemm.Kernels#all")
    void aWarmTeamAllocatesNothingOnTheCallerOrTheWorkers(GemmKernel kernel) {
        GemmTeam team = new GemmTeam(0);
        Counting counting = new Counting(kernel);
        float[] fa = new float[300 * 300];
        float[] fb = new float[300 * 300];
        float[] fc = new float[300 * 300];
        double[] da = new double[300 * 300];
        double[] db = new double[300 * 300];
        double[] dc = new double[300 * 300];
        GemmKernel split = new ThreadedGemm(counting, team, () -> 2);
        long caller = -1;
        long workers = -1;
        int workerBlocks = 0;
        for (int round = 0; round < 20 && (caller != 0 || workers != 0 || workerBlocks == 0);
                round++) {
            team.sgemm(2, counting, false, false, 64, 64, 64, 1f, fa, 0, 64, fb, 0, 64,
                    0f, fc, 0, 64); // starts the worker
            run(split, 200, fa, fb, fc, da, db, dc);
            long[] ids = ids(team.workerThreads());
            long[] workersBefore = THREADS.getThreadAllocatedBytes(ids);
            int blocksBefore = counting.onWorkers.get();
            long before = THREADS.getCurrentThreadAllocatedBytes();
            run(split, 50, fa, fb, fc, da, db, dc);
            caller = THREADS.getCurrentThreadAllocatedBytes() - before;
            workerBlocks = counting.onWorkers.get() - blocksBefore;
            long[] workersAfter = THREADS.getThreadAllocatedBytes(ids);
            workers = 0;
            for (int w = 0; w < ids.length; w++) {
                workers += workersAfter[w] - workersBefore[w];
            }
        }
        assertEquals(0, caller, "bytes allocated by the caller in 50 rounds of warm calls");
        assertEquals(0, workers, "bytes allocated by the workers in 50 rounds of warm calls");
        assertTrue(workerBlocks > 0, "the workers computed no block");
    }

    private static long[] ids(Thread[] threads) {
        long[] ids = new long[threads.length];
        for (int t = 0; t < threads.length; t++) {
            ids[t] = threads[t].getId();
        }
        return ids;
    }

    private static void run(GemmKernel kernel, int times, float[] fa, float[] fb, float[] fc,
                            double[] da, double[] db, double[] dc) {
        for (int t = 0; t < times; t++) {
            for (int[] s : SIZES) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                for (int form = 0; form < 4; form++) {
                    boolean ta = (form & 1) != 0;
                    boolean tb = (form & 2) != 0;
                    int lda = ta ? m : k;
                    int ldb = tb ? k : n;
                    float beta = t % 2 == 0 ? 0f : 0.5f;
                    kernel.sgemm(ta, tb, m, n, k, 1f, fa, 0, lda, fb, 0, ldb, beta, fc, 0, n);
                    kernel.dgemm(ta, tb, m, n, k, 1, da, 0, lda, db, 0, ldb, beta, dc, 0, n);
                }
            }
        }
    }
}
