package dev.nnc.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch through DJL for the peer benchmarks: the engine with a fixed number of intra-op
 * threads, and the two pieces of an SGD step that DJL's NDArray API does not spell out.
 */
final class Torch {
    private Torch() {
    }

    /**
     * Loads libtorch from the bundled pytorch-native-cpu jar and sets torch's intra-op threads
     * (torch.set_num_threads). Refuses to run without {@code -Dai.djl.offline=true}, so a
     * benchmark never downloads a different libtorch behind our back.
     */
    static Engine start(int threads) {
        if (!Boolean.getBoolean("ai.djl.offline")) {
            throw new IllegalStateException("run the PyTorch peers with -Dai.djl.offline=true");
        }
        Engine engine = Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        if (JniUtils.getNumThreads() != threads) {
            throw new IllegalStateException("torch kept " + JniUtils.getNumThreads() + " threads, asked for " + threads);
        }
        return engine;
    }

    /**
     * {@code w -= lr * w.grad}, then {@code w.grad.zero_()}: what torch.optim.SGD's step and
     * zero_grad do. PyTorch accumulates gradients across backward passes, and DJL's
     * gradient collector does not clear them, so without the zeroing every step would add
     * the previous steps' gradients. Called with autograd off (after the collector closed).
     * The learning rate is a 0-d tensor made once: DJL turns a Java number operand into a
     * new tensor through a direct buffer on every call, overhead of DJL's, not of PyTorch.
     */
    static void sgd(NDArray w, NDArray lr) {
        NDArray grad = w.getGradient();
        w.subi(grad.muli(lr));
        JniUtils.zeroGrad((PtNDArray) w);
    }
}
