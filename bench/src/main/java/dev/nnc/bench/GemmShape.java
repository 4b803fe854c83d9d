package dev.nnc.bench;

/**
 * The matrix products {@link GemmBenchmark} measures: the three forms of each dense layer of
 * the Fashion-MNIST MLP 784-256-128-10 at batch 128, and the three forms at 1024^3.
 *
 * <p>For a layer {@code Y = X W} with X batch x in and W in x out: the forward product
 * {@code X W} (NN), the weight gradient {@code X^T G} (TN) and the input gradient
 * {@code G W^T} (NT), where G is the gradient of Y. (The first layer's input gradient is not
 * needed by a training step, whose input is data; it is here as the NT form at that size.)
 */
public enum GemmShape {
    FC1_FORWARD(false, false, 128, 256, 784),
    FC1_WEIGHT_GRAD(true, false, 784, 256, 128),
    FC1_INPUT_GRAD(false, true, 128, 784, 256),
    FC2_FORWARD(false, false, 128, 128, 256),
    FC2_WEIGHT_GRAD(true, false, 256, 128, 128),
    FC2_INPUT_GRAD(false, true, 128, 256, 128),
    FC3_FORWARD(false, false, 128, 10, 128),
    FC3_WEIGHT_GRAD(true, false, 128, 10, 128),
    FC3_INPUT_GRAD(false, true, 128, 128, 10),
    SQUARE_NN(false, false, 1024, 1024, 1024),
    SQUARE_TN(true, false, 1024, 1024, 1024),
    SQUARE_NT(false, true, 1024, 1024, 1024);

    final boolean transA;
    final boolean transB;
    /** op(A) is m x k, op(B) is k x n. */
    final int m;
    final int n;
    final int k;

    GemmShape(boolean transA, boolean transB, int m, int n, int k) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
    }

    String form() {
        return (transA ? "T" : "N") + (transB ? "T" : "N");
    }

    /** Leading dimension of stored A: k x m when transposed, m x k otherwise. */
    int lda() {
        return transA ? m : k;
    }

    int ldb() {
        return transB ? k : n;
    }

    double flops() {
        return 2.0 * m * n * k;
    }
}
