package dev.nnc.bench;

import dev.nnc.bench.baseline.MazurStep;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One SGD step of Mazur's 2-2-2 network in f64: average time per step.
 *
 * <p>Each implementation has its own state class and one {@code @Benchmark} method, all
 * fed from the same {@link Example}; nnc's generated trainer joins as one more pair.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MazurBenchmark {

    /**
     * The blog post's example, held in plain fields so the JIT treats it as data read per
     * step rather than constants it could fold into the arithmetic.
     */
    @State(Scope.Thread)
    public static class Example {
        public double x1 = MazurStep.X[0];
        public double x2 = MazurStep.X[1];
        public double t1 = MazurStep.T[0];
        public double t2 = MazurStep.T[1];
    }

    @State(Scope.Thread)
    public static class HandWritten {
        MazurStep step;

        @Setup(Level.Trial)
        public void create() {
            step = new MazurStep();
        }

        /** Every iteration starts from the blog's weights, so all measure the same trajectory. */
        @Setup(Level.Iteration)
        public void reset() {
            step.reset();
        }
    }

    /** The hand-written step: plain fields, hand-derived gradients. Returns the loss. */
    @Benchmark
    public double handWritten(HandWritten impl, Example ex) {
        return impl.step.step(ex.x1, ex.x2, ex.t1, ex.t2);
    }

    @State(Scope.Thread)
    public static class Compiled {
        dev.nnc.runtime.CompiledModel model;

        @Setup(Level.Trial)
        public void create() {
            model = NncModels.mazur();
        }

        @Setup(Level.Iteration)
        public void reset() {
            model.reset();
        }
    }

    /** nnc's generated trainer for samples/mazur.nn: forward, backward and update. Returns the loss. */
    @Benchmark
    public double nnc(Compiled impl) {
        return impl.model.trainStep();
    }
}
