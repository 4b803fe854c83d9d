package dev.nnc.bench;

import dev.nnc.Nnc;
import dev.nnc.bench.baseline.MlpProblem;
import dev.nnc.runtime.CompiledModel;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code .nn} source to a loaded, ready model ({@link Nnc#compile(String)}: parse, check,
 * differentiate, optimise, lower, generate bytecode, define the class) in a warm JVM, for
 * Mazur's network and the MLP of {@link MlpBenchmark}. Average milliseconds per compile.
 *
 * <p>Every call defines a new class; returning the model keeps it reachable until JMH's
 * blackhole drops it, so class unloading is part of what a long run measures, as it is for
 * an application that compiles many models.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class CompileBenchmark {

    @Param({"mazur", "mlp"})
    public String model;

    private String source;

    @Setup
    public void pickSource() {
        source = switch (model) {
            case "mazur" -> NncModels.MAZUR;
            case "mlp" -> NncModels.mlpSource(MlpProblem.fashion());
            default -> throw new IllegalArgumentException("no model " + model);
        };
    }

    @Benchmark
    public CompiledModel compile() {
        return Nnc.compile(source);
    }
}
