package dev.nnc.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.Nnc;
import dev.nnc.runtime.CompiledModel;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The train step of a generated model allocates nothing once warmed up: measured with the
 * thread's allocation counter around many steps, on the same thread that warmed it up.
 */
class AllocationTest {

    private static long allocated(Runnable work) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(bean.isThreadAllocatedMemorySupported(), "this JVM cannot count allocations");
        bean.setThreadAllocatedMemoryEnabled(true);
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        work.run();
        return bean.getThreadAllocatedBytes(id) - before;
    }

    /**
     * The least any of three rounds allocates, after three rounds of warm-up: a step that
     * allocates shows in every round, while the JIT's own one-time work (an on-stack
     * replacement landing mid-round) shows in one at most.
     */
    private static long allocatedPerRound(Runnable steps) {
        for (int i = 0; i < 3; i++) {
            steps.run();
        }
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            least = Math.min(least, allocated(steps));
        }
        return least;
    }

    private static CompiledModel compile(String sample) {
        return Nnc.compile(TestPrograms.root().resolve("samples").resolve(sample));
    }

    @Test
    void mazursStepAllocatesNothing() {
        CompiledModel m = compile("mazur.nn");
        Runnable steps = () -> {
            for (int i = 0; i < 20_000; i++) {
                m.trainStep();
            }
        };
        assertEquals(0, allocatedPerRound(steps));
    }

    @Test
    void theMlpStepWithFeedsAllocatesNothing() {
        CompiledModel m = compile("fashion_mlp.nn");
        int batch = 16;
        float[] x = new float[batch * 784];
        int[] y = new int[batch];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextInt(10);
        }
        m.setBatch(batch);
        Runnable steps = () -> {
            for (int i = 0; i < 50; i++) {
                m.setBatch(batch - (i % 2));
                m.input("x").copyFrom(x, 0);
                m.input("y").copyFrom(y, 0);
                m.trainStep();
                m.predict();
            }
        };
        assertEquals(0, allocatedPerRound(steps));
    }

    /** Allocated by this thread and by every GEMM worker thread, during work. */
    private static long allocatedByAllThreads(Runnable work) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(bean.isThreadAllocatedMemorySupported(), "this JVM cannot count allocations");
        bean.setThreadAllocatedMemoryEnabled(true);
        java.util.List<Long> ids = new java.util.ArrayList<>();
        ids.add(Thread.currentThread().getId());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("nnc-gemm-")) {
                ids.add(t.getId());
            }
        }
        long[] idArray = ids.stream().mapToLong(Long::longValue).toArray();
        long before = total(bean, idArray);
        work.run();
        return total(bean, idArray) - before;
    }

    /** The threads' allocation counters summed, allocating nothing (the array form returns a new array). */
    private static long total(com.sun.management.ThreadMXBean bean, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += bean.getThreadAllocatedBytes(id);
        }
        return sum;
    }

    @Test
    void theMlpStepOnTwoThreadsAllocatesNothingOnEither() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two processors");
        CompiledModel m = compile("fashion_mlp.nn");
        int batch = 128;
        float[] x = new float[batch * 784];
        int[] y = new int[batch];
        Random r = new Random(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextInt(10);
        }
        m.setBatch(batch);
        m.input("x").copyFrom(x, 0);
        m.input("y").copyFrom(y, 0);
        dev.nnc.runtime.gemm.Gemm.setThreads(2);
        try {
            Runnable steps = () -> {
                for (int i = 0; i < 100; i++) {
                    m.trainStep();
                }
            };
            for (int i = 0; i < 5; i++) {
                steps.run(); // Starts the worker and warms both threads up.
            }
            long least = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                least = Math.min(least, allocatedByAllThreads(steps));
            }
            assertEquals(0, least);
        } finally {
            dev.nnc.runtime.gemm.Gemm.setThreads(1);
        }
    }

    @Test
    void xorTrainingAllocatesNothing() {
        CompiledModel m = compile("xor.nn");
        Runnable steps = () -> {
            for (int i = 0; i < 5_000; i++) {
                m.trainStep();
            }
        };
        assertEquals(0, allocatedPerRound(steps));
    }

}
