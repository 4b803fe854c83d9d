package dev.nnc.bench;

import dev.nnc.runtime.Rng;
import dev.nnc.runtime.gemm.Gemm;
import dev.nnc.runtime.gemm.GemmKernel;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The runtime's single-precision matrix-product kernels against a naive triple loop, in the
 * same run, on the same data: {@link #vector} (the Vector API kernel), {@link #plain} (the
 * plain-Java kernel a bare {@code java -jar} falls back to) and {@link #naive}, for every
 * {@link GemmShape}, C = op(A) op(B) with beta 0, as a layer's forward pass and fresh
 * gradients compute it. The two kernels run on 1 and on 2 threads ({@link Threads}); the
 * naive loop on one.
 *
 * <p>Each fork runs with {@code --add-modules jdk.incubator.vector}, so the Vector API kernel
 * is there to measure. Settings are short (2 x 1 s warm-up, 3 x 1 s measurement, one fork)
 * so that the whole class runs in a few minutes; raise them on the command line for
 * publishable numbers. {@link #main} runs it and prints GFLOP/s as a table:
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.nnc.bench.GemmBenchmark [JMH options]</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class GemmBenchmark {

    @Param
    public GemmShape shape;

    private float[] a;
    private float[] b;
    private float[] c;
    private GemmKernel vector;
    private GemmKernel plain;

    @Setup
    public void setUp() {
        Rng rng = new Rng(2024);
        a = gaussian(rng, shape.m * shape.k);
        b = gaussian(rng, shape.k * shape.n);
        c = new float[shape.m * shape.n];
        vector = Gemm.threaded(Gemm.vector().orElseThrow(() -> new IllegalStateException(
                "the Vector API is missing: run the fork with --add-modules jdk.incubator.vector")));
        plain = Gemm.threaded(Gemm.plain());
    }

    private static float[] gaussian(Rng rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    /**
     * How many threads the runtime's kernels may use ({@link Gemm#setThreads}): products
     * large enough for the runtime to split are shared between the benchmark thread and
     * {@code threads - 1} GEMM workers, exactly as generated code's calls are. The naive loop
     * does not take it: it always runs on one thread.
     */
    @State(Scope.Thread)
    public static class Threads {
        @Param({"1", "2"})
        public int threads;

        @Setup
        public void set() {
            Gemm.setThreads(threads);
        }

        @TearDown
        public void oneThreadAgain() {
            Gemm.setThreads(1);
        }
    }

    @Benchmark
    public float[] vector(Threads threads) {
        return run(vector);
    }

    @Benchmark
    public float[] plain(Threads threads) {
        return run(plain);
    }

    @Benchmark
    public float[] naive() {
        GemmShape s = shape;
        NaiveGemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, a, s.lda(), b, s.ldb(), c, s.n);
        return c;
    }

    private float[] run(GemmKernel kernel) {
        GemmShape s = shape;
        kernel.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, a, 0, s.lda(), b, 0, s.ldb(),
                0f, c, 0, s.n);
        return c;
    }

    /** Runs this benchmark (any JMH options in args apply too) and prints a GFLOP/s table. */
    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(GemmBenchmark.class.getName() + "\\.")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        GemmTable.print(results, System.out);
    }
}
