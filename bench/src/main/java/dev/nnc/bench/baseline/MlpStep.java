package dev.nnc.bench.baseline;

/**
 * One SGD training step of a three-layer MLP (relu, relu, softmax cross-entropy averaged
 * over the batch) in f32, on the fixed batch of an {@link MlpProblem}. Implementations
 * differ only in how they write the loops; the arithmetic is the same.
 *
 * <p>A step is: forward pass, backward pass into gradient buffers, then
 * {@code w -= lr * dw} for every parameter. Nothing is allocated per step.
 */
public interface MlpStep {
    /** Learning rate of the benchmark. */
    float LR = 0.01f;

    /**
     * Forward, backward and SGD update on the batch.
     *
     * @return the mean cross-entropy of the batch, computed before the update
     */
    float step();

    /** Puts parameters back to the problem's initial values, allocating nothing. */
    void reset();

    /** Current weights of layer {@code l}, row-major inputs by outputs (a copy). */
    float[] weights(int l);

    /** Current biases of layer {@code l} (a copy). */
    float[] biases(int l);

    /** Gradient of the last step's loss with respect to the weights of layer {@code l} (a copy). */
    float[] weightGradient(int l);

    /** Gradient of the last step's loss with respect to the biases of layer {@code l} (a copy). */
    float[] biasGradient(int l);
}
