package dev.nnc.bench;

import dev.nnc.bench.baseline.MlpProblem;
import dev.nnc.bench.baseline.MlpStep;
import dev.nnc.bench.baseline.PlainMlpStep;
import dev.nnc.bench.baseline.VectorMlpStep;
import dev.nnc.runtime.gemm.Gemm;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One SGD step of the 784-256-128-10 MLP on a batch of 128 in f32, in examples per second
 * ({@code @OperationsPerInvocation} counts each step as its 128 examples, so JMH's
 * "ops/s" are examples/s, and {@code -prof gc}'s bytes per op are per example).
 *
 * <p>Each implementation has its own state class and one {@code @Benchmark} method, all
 * built from the same {@link Problem}: same initial weights, same batch. nnc's generated
 * trainer joins as one more pair, run with its matrix products on 1 and on 2 threads
 * ({@code -p threads=1} for one only). The hand-written baselines run on one thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(MlpProblem.FASHION_BATCH)
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MlpBenchmark {

    /** Initial weights and the fixed random batch, drawn once from the seed. */
    @State(Scope.Benchmark)
    public static class Problem {
        MlpProblem problem;

        @Setup(Level.Trial)
        public void create() {
            problem = MlpProblem.fashion();
        }
    }

    /** Common life cycle: built once, reset to the initial weights before every iteration. */
    abstract static class Baseline {
        MlpStep step;

        abstract MlpStep build(MlpProblem problem);

        @Setup(Level.Trial)
        public void create(Problem p) {
            step = build(p.problem);
        }

        @Setup(Level.Iteration)
        public void reset() {
            step.reset();
        }
    }

    @State(Scope.Thread)
    public static class Plain extends Baseline {
        @Override
        MlpStep build(MlpProblem problem) {
            return new PlainMlpStep(problem);
        }
    }

    @State(Scope.Thread)
    public static class Vector extends Baseline {
        @Override
        MlpStep build(MlpProblem problem) {
            return new VectorMlpStep(problem);
        }
    }

    /** Hand-written plain loops over per-row arrays, vectorised by C2 alone. */
    @Benchmark
    public float plainLoops(Plain impl) {
        return impl.step.step();
    }

    /** Hand-written Vector API kernels over flat arrays. */
    @Benchmark
    public float vectorApi(Vector impl) {
        return impl.step.step();
    }

    /**
     * nnc's trainer, with its matrix products on {@code threads} threads
     * ({@link Gemm#setThreads}): one benchmark thread calling the step, and up to
     * {@code threads - 1} of the runtime's GEMM workers helping inside each large product.
     * Two threads only mean something when both cores are free.
     */
    @State(Scope.Thread)
    public static class Compiled {
        @Param({"1", "2"})
        public int threads;

        dev.nnc.runtime.CompiledModel model;
        NncModels.Start start;

        @Setup(Level.Trial)
        public void create(Problem p) {
            Gemm.setThreads(threads);
            model = NncModels.mlp(p.problem);
            start = new NncModels.Start(model, p.problem);
        }

        @Setup(Level.Iteration)
        public void reset() {
            start.reset();
        }

        @TearDown(Level.Trial)
        public void oneThreadAgain() {
            Gemm.setThreads(1);
        }
    }

    /** nnc's generated trainer for the same network, compiled from its .nn text. */
    @Benchmark
    public double nnc(Compiled impl) {
        return impl.model.trainStep();
    }

    /** The forward pass alone, for the backward-to-forward ratio. */
    @Benchmark
    public double nncForward(Compiled impl) {
        return impl.model.evaluate();
    }
}
