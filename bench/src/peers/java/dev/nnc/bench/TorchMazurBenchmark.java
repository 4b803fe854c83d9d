package dev.nnc.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.nnc.bench.baseline.MazurStep;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Mazur's step in PyTorch's eager autograd (f64, through DJL), for comparison with
 * {@link MazurBenchmark}: same example, same initial weights, same learning rate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
// DJL's Java side of a step (NDScope, array wrappers) took about 5 s to reach steady speed.
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true"})
public class TorchMazurBenchmark {

    @State(Scope.Thread)
    public static class PyTorch {
        /** torch.set_num_threads. */
        @Param({"1", "2"})
        public int torchThreads;

        private Engine engine;
        private NDManager manager;
        private NDArray w1;
        private NDArray w2;
        private NDArray x;
        private NDArray t;
        /** Scalars as 0-d tensors made once (see {@link Torch#sgd} for why). */
        private NDArray b1;
        private NDArray b2;
        private NDArray half;
        private NDArray lr;

        @Setup(Level.Trial)
        public void create() {
            engine = Torch.start(torchThreads);
            manager = NDManager.newBaseManager();
            w1 = manager.create(MazurStep.W1, new Shape(2, 2));
            w2 = manager.create(MazurStep.W2, new Shape(2, 2));
            w1.setRequiresGradient(true);
            w2.setRequiresGradient(true);
            x = manager.create(MazurStep.X);
            t = manager.create(MazurStep.T);
            b1 = manager.create(MazurStep.B1);
            b2 = manager.create(MazurStep.B2);
            half = manager.create(0.5);
            lr = manager.create(MazurStep.LR);
            agreeWithHandWritten();
        }

        /** A few steps against the Java step's losses: a wrong graph must fail, not be timed. */
        private void agreeWithHandWritten() {
            MazurStep java = new MazurStep();
            for (int s = 0; s < 5; s++) {
                double expected = java.step(MazurStep.X[0], MazurStep.X[1], MazurStep.T[0], MazurStep.T[1]);
                double actual = step();
                if (Math.abs(expected - actual) > 1e-12) {
                    throw new IllegalStateException("PyTorch loss " + actual + " at step " + s + ", Java " + expected);
                }
            }
        }

        @Setup(Level.Iteration)
        public void reset() {
            w1.set(MazurStep.W1);
            w2.set(MazurStep.W2);
        }

        /** zero_grad, forward, backward, SGD; returns the loss before the update. */
        double step() {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray loss;
                try (GradientCollector tape = engine.newGradientCollector()) {
                    NDArray h = Activation.sigmoid(w1.matMul(x).add(b1));
                    NDArray o = Activation.sigmoid(w2.matMul(h).add(b2));
                    loss = t.sub(o).square().sum().mul(half);
                    tape.backward(loss);
                }
                Torch.sgd(w1, lr);
                Torch.sgd(w2, lr);
                return loss.getDouble();
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            manager.close();
        }
    }

    @Benchmark
    public double pyTorch(PyTorch impl) {
        return impl.step();
    }
}
