package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The promise of {@link CompiledModel}: once the largest batch has been seen, runs and view
 * reads and writes allocate nothing. Measured with HotSpot's per-thread allocation counter
 * around thousands of steps on this thread, which counts every byte the thread allocated
 * (TLAB or not), so a single boxed double per step would show as 160,000 bytes.
 */
class ZeroAllocationTest {
    private static final int STEPS = 10_000;
    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void counter() {
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
    }

    /**
     * Bytes this thread allocates in {@value #STEPS} runs of {@code body}: 0 as soon as one round
     * of that many runs allocates nothing, else the least of ten rounds (after one round of
     * warm-up).
     *
     * <p>Why rounds: while C2 compiles the loop, HotSpot allocates a few hundred bytes on this
     * thread once, in whichever round the compilation lands (seen only with C2: under -Xint or
     * C1 alone every round after the first is 0). That is the JVM warming up, not the model. A
     * single object per step would put at least 16 × {@value #STEPS} bytes in every round, so one
     * round of exactly 0 proves the steady state allocates nothing, with no tolerance needed.
     */
    private static long allocated(Runnable body) {
        for (int i = 0; i < STEPS; i++) {
            body.run();
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 10 && least > 0; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < STEPS; i++) {
                body.run();
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }

    @Test
    void theCounterSeesAllocation() {
        Object[] sink = new Object[1];
        long bytes = allocated(() -> sink[0] = new double[4]);
        assertTrue(bytes >= 32L * STEPS, "the counter saw only " + bytes + " bytes for " + STEPS + " arrays");
    }

    @Test
    void trainingStepsWithAlternatingBatchSizesAllocateNothing() {
        LinearRegression m = new LinearRegression();
        double[] x = new double[64];
        double[] t = new double[32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) / 7.0;
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = x[2 * i] - x[2 * i + 1];
        }
        m.setLearningRate(0.01);
        TensorView in = m.input("x");
        TensorView target = m.input("t");
        int[] step = {0};
        long bytes = allocated(() -> {
            // A full batch, then the smaller last batch of an epoch: what the Trainer does.
            m.setBatch(step[0]++ % 4 == 3 ? 7 : 32);
            in.copyFrom(x, 0);
            target.copyFrom(t, 0);
            m.trainStep();
        });
        assertEquals(0, bytes, "bytes allocated by " + STEPS + " steps");
        assertTrue(Double.isFinite(m.loss()));
    }

    @Test
    void f32StepsWithIntLabelsAllocateNothing() {
        SoftmaxClassifier m = new SoftmaxClassifier();
        m.setBatch(16);
        float[] x = new float[32];
        int[] y = new int[16];
        for (int i = 0; i < 16; i++) {
            y[i] = i % 3;
            x[2 * i] = y[i] - 1;
            x[2 * i + 1] = (i % 5) / 5f;
        }
        long bytes = allocated(() -> {
            m.input("x").copyFrom(x);
            m.input("y").copyFrom(y);
            m.trainStep();
        });
        assertEquals(0, bytes, "bytes allocated by " + STEPS + " steps");
    }

    @Test
    void viewReadsAndWritesAllocateNothing() {
        LinearRegression m = new LinearRegression();
        TensorView w = m.param("W");
        TensorView y = m.output("y");
        double[] out = new double[4];
        float[] outF = new float[4];
        long bytes = allocated(() -> {
            w.set(0, w.get(1) * 0.5);
            m.predict();
            y.copyTo(out, 0);
            y.copyTo(outF, 0);
            w.checkLength(2);
            m.evaluate();
            m.gradient("W").get(0);
        });
        assertEquals(0, bytes, "bytes allocated by " + STEPS + " reads and writes");
    }
}
