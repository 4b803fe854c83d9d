package dev.nnc.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.nnc.bench.baseline.MlpProblem;
import dev.nnc.bench.baseline.MlpStep;
import dev.nnc.bench.baseline.PlainMlpStep;
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
 * The MLP step in PyTorch's eager autograd (f32, through DJL), in examples per second, for
 * comparison with {@link MlpBenchmark}: same initial weights, same batch, same learning rate.
 * Layers are torch.nn.Linear's {@code linear(x, W, b)} with W stored outputs by inputs, as
 * PyTorch keeps it; the loss is log_softmax then the mean negative log-likelihood, as
 * torch.nn.functional.cross_entropy computes it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(MlpProblem.FASHION_BATCH)
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true"})
public class TorchMlpBenchmark {

    @State(Scope.Thread)
    public static class PyTorch {
        /** torch.set_num_threads. */
        @Param({"1", "2"})
        public int torchThreads;

        private MlpProblem problem;
        /** Initial weights in PyTorch's layout, and biases, kept for the resets. */
        private float[][] initialW;
        private float[][] initialB;
        private Engine engine;
        private NDManager manager;
        private NDArray[] w;
        private NDArray[] b;
        private NDArray x;
        private NDArray labels;
        /** The learning rate as a 0-d tensor made once (see {@link Torch#sgd} for why). */
        private NDArray lr;

        @Setup(Level.Trial)
        public void create() {
            problem = MlpProblem.fashion();
            engine = Torch.start(torchThreads);
            manager = NDManager.newBaseManager();
            int layers = problem.layers();
            w = new NDArray[layers];
            b = new NDArray[layers];
            initialW = new float[layers][];
            initialB = new float[layers][];
            for (int l = 0; l < layers; l++) {
                initialW[l] = transposedWeights(l);
                initialB[l] = problem.biases(l);
                w[l] = manager.create(initialW[l], new Shape(problem.size(l + 1), problem.size(l)));
                b[l] = manager.create(initialB[l]);
                w[l].setRequiresGradient(true);
                b[l].setRequiresGradient(true);
            }
            x = manager.create(problem.inputs(), new Shape(problem.batch(), problem.size(0)));
            long[] classes = new long[problem.batch()];
            int[] y = problem.labels();
            for (int i = 0; i < classes.length; i++) {
                classes[i] = y[i];
            }
            labels = manager.create(classes, new Shape(problem.batch(), 1));
            lr = manager.create(MlpStep.LR);
            agreeWithHandWritten();
            reset();
        }

        /** A few steps against the Java step's losses: a wrong graph must fail, not be timed. */
        private void agreeWithHandWritten() {
            MlpStep java = new PlainMlpStep(problem);
            for (int s = 0; s < 5; s++) {
                float expected = java.step();
                float actual = step();
                if (Math.abs(expected - actual) > 1e-4 * Math.abs(expected)) {
                    throw new IllegalStateException("PyTorch loss " + actual + " at step " + s + ", Java " + expected);
                }
            }
        }

        /** The problem's weights, transposed to PyTorch's outputs-by-inputs layout. */
        private float[] transposedWeights(int l) {
            int in = problem.size(l);
            int out = problem.size(l + 1);
            float[] rowMajor = problem.weights(l);
            float[] t = new float[rowMajor.length];
            for (int k = 0; k < in; k++) {
                for (int j = 0; j < out; j++) {
                    t[j * in + k] = rowMajor[k * out + j];
                }
            }
            return t;
        }

        @Setup(Level.Iteration)
        public void reset() {
            for (int l = 0; l < w.length; l++) {
                w[l].set(initialW[l]);
                b[l].set(initialB[l]);
            }
        }

        /** zero_grad, forward, backward, SGD; returns the mean loss before the update. */
        float step() {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray loss;
                try (GradientCollector tape = engine.newGradientCollector()) {
                    NDArray h = x;
                    for (int l = 0; l < w.length; l++) {
                        h = h.getNDArrayInternal().linear(h, w[l], b[l]).singletonOrThrow();
                        if (l + 1 < w.length) {
                            h = Activation.relu(h);
                        }
                    }
                    loss = h.logSoftmax(1).gather(labels, 1).mean().neg();
                    tape.backward(loss);
                }
                for (int l = 0; l < w.length; l++) {
                    Torch.sgd(w[l], lr);
                    Torch.sgd(b[l], lr);
                }
                return loss.getFloat();
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            manager.close();
        }
    }

    @Benchmark
    public float pyTorch(PyTorch impl) {
        return impl.step();
    }
}
