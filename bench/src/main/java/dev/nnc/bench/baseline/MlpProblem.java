package dev.nnc.bench.baseline;

import java.util.SplittableRandom;

/**
 * One instance of the MLP benchmark: layer sizes, initial parameters and a fixed batch,
 * all drawn from a seed so every variant (and PyTorch, in the peers profile) starts from
 * the same numbers.
 *
 * <p>Weights of layer {@code l} are row-major {@code [sizes[l]][sizes[l + 1]]} (inputs by
 * outputs), Glorot-uniform; biases start at zero. Inputs are uniform in [0, 1) like scaled
 * pixels; labels are uniform over the classes.
 *
 * <p>SplittableRandom is used here because this is a baseline: it must not share code
 * with nnc's own initialisers.
 */
public final class MlpProblem {
    /** The Fashion-MNIST MLP of the benchmark suite. */
    public static final int[] FASHION_SIZES = {784, 256, 128, 10};
    public static final int FASHION_BATCH = 128;
    public static final long SEED = 42;

    private final int[] sizes;
    private final int batch;
    private final float[][] weights;
    private final float[][] biases;
    private final float[] inputs;
    private final int[] labels;

    public MlpProblem(int[] sizes, int batch, long seed) {
        if (sizes.length != 4) {
            throw new IllegalArgumentException("the baseline MLP has three layers: 4 sizes, got " + sizes.length);
        }
        this.sizes = sizes.clone();
        this.batch = batch;
        SplittableRandom random = new SplittableRandom(seed);
        int layers = sizes.length - 1;
        weights = new float[layers][];
        biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double limit = Math.sqrt(6.0 / (in + out));
            weights[l] = new float[in * out];
            for (int i = 0; i < weights[l].length; i++) {
                weights[l][i] = (float) random.nextDouble(-limit, limit);
            }
            biases[l] = new float[out];
        }
        inputs = new float[batch * sizes[0]];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) random.nextDouble();
        }
        labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(sizes[layers]);
        }
    }

    /** 784-256-128-10 on a batch of 128. */
    public static MlpProblem fashion() {
        return new MlpProblem(FASHION_SIZES, FASHION_BATCH, SEED);
    }

    public int layers() {
        return sizes.length - 1;
    }

    public int size(int i) {
        return sizes[i];
    }

    public int batch() {
        return batch;
    }

    /** Initial weights of layer {@code l}, row-major inputs by outputs (a copy). */
    public float[] weights(int l) {
        return weights[l].clone();
    }

    /** Initial biases of layer {@code l} (a copy). */
    public float[] biases(int l) {
        return biases[l].clone();
    }

    /** The batch, row-major examples by features (a copy). */
    public float[] inputs() {
        return inputs.clone();
    }

    /** The class of each example (a copy). */
    public int[] labels() {
        return labels.clone();
    }
}
